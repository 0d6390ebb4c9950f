using Dvt.Consensus.Ssz;
using Dvt.TestSupport;
using YamlDotNet.Serialization;

namespace Dvt.Consensus.Tests.Ssz;

/// <summary>consensus-spec-tests ssz_static: each case's value.yaml serializes to serialized.ssz and hashes to roots.yaml.</summary>
public sealed class SszStaticVectorTests
{
    private const string Folder = "ssz";

    public static IEnumerable<object[]> CaseFolders() => TestVectors.CaseDirectories(Folder, "roots.yaml");

    [SkippableTheory]
    [MemberData(nameof(CaseFolders))]
    public void Case_reproduces_serialization_and_root(string caseFolder)
    {
        var dir = TestVectors.Resolve(Folder, caseFolder);
        var typeName = TypeNameOf(caseFolder);
        Assert.True(SszStaticTypes.ByName.TryGetValue(typeName, out var codec), $"no container model for ssz_static type {typeName}");

        var yaml = new DeserializerBuilder().Build();
        var valueMap = (IDictionary<object, object>)yaml.Deserialize<object>(File.ReadAllText(Path.Combine(dir, "value.yaml")))!;
        var fields = new YamlFields(valueMap, typeName);
        var value = codec.FromYaml(fields);
        fields.RequireAllRead();
        var roots = (IDictionary<object, object>)yaml.Deserialize<object>(File.ReadAllText(Path.Combine(dir, "roots.yaml")))!;
        var expectedRoot = Convert.FromHexString(((string)roots["root"])[2..]);
        var expectedSsz = File.ReadAllBytes(Path.Combine(dir, "serialized.ssz"));

        Assert.Equal(Convert.ToHexStringLower(expectedSsz), Convert.ToHexStringLower(value.Serialize()));
        Assert.Equal(Convert.ToHexStringLower(expectedRoot), Convert.ToHexStringLower(value.HashTreeRoot().AsSpan()));

        var decoded = codec.Decode(expectedSsz);
        Assert.Equal(value, decoded);
        Assert.Equal(Convert.ToHexStringLower(expectedRoot), Convert.ToHexStringLower(decoded.HashTreeRoot().AsSpan()));
    }

    /// <summary>.../ssz_static/&lt;Type&gt;/ssz_random/case_N → Type.</summary>
    private static string TypeNameOf(string caseFolder)
    {
        var parts = caseFolder.Split('/');
        var index = Array.IndexOf(parts, "ssz_static");
        Assert.True(index >= 0 && index + 1 < parts.Length, $"case folder {caseFolder} is not under ssz_static/<Type>/");
        return parts[index + 1];
    }
}
