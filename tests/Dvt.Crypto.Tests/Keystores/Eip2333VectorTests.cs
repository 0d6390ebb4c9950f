using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Dvt.Crypto.Keystores;
using Dvt.Crypto.Keystores.KeyDerivation;
using Dvt.TestSupport;

namespace Dvt.Crypto.Tests.Keystores;

/// <summary>EIP-2333 test cases: master and child keys, and every intermediate Lamport value of the first case.</summary>
public sealed class Eip2333VectorTests
{
    private const string Folder = "eip2335";

    public static IEnumerable<object[]> Cases()
    {
        var file = Path.Combine(TestVectors.Folder(Folder), "eip2333.json");
        if (!File.Exists(file))
            return [[TestVectors.Missing]];
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.EnumerateArray().Select(c => new object[] { c.GetProperty("name").GetString()! }).ToList();
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Master_and_child_keys_match(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestVectors.Resolve(Folder, name == TestVectors.Missing ? name : "eip2333.json")));
        var vector = document.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var seed = Hex(vector.GetProperty("seed").GetString()!);

        using var master = Eip2333KeyDerivation.DeriveMasterSecretKey(seed);
        Assert.Equal(Integer(vector.GetProperty("master_SK").GetString()!), Convert.ToHexStringLower(master.Span));
        using var child = Eip2333KeyDerivation.DeriveChildSecretKey(master.Span, vector.GetProperty("child_index").GetUInt32());
        Assert.Equal(Integer(vector.GetProperty("child_SK").GetString()!), Convert.ToHexStringLower(child.Span));
    }

    [SkippableFact]
    public void Intermediate_lamport_values_match()
    {
        var file = TestVectors.Resolve(Folder, Directory.Exists(TestVectors.Folder(Folder)) ? "eip2333_intermediate.json" : TestVectors.Missing);
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var vector = document.RootElement;
        var seed = Hex(vector.GetProperty("seed").GetString()!);
        var index = vector.GetProperty("child_index").GetUInt32();
        using var master = Eip2333KeyDerivation.DeriveMasterSecretKey(seed);
        Assert.Equal(Integer(vector.GetProperty("master_SK").GetString()!), Convert.ToHexStringLower(master.Span));

        var salt = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(salt, index);
        var lamport = new byte[255 * 32];
        Eip2333KeyDerivation.IkmToLamportSecretKey(master.Span, salt, lamport);
        AssertChunks(vector.GetProperty("lamport_0"), lamport);
        var notIkm = master.Span.ToArray().Select(b => (byte)~b).ToArray();
        Eip2333KeyDerivation.IkmToLamportSecretKey(notIkm, salt, lamport);
        AssertChunks(vector.GetProperty("lamport_1"), lamport);

        var compressed = new byte[32];
        Eip2333KeyDerivation.ParentSecretKeyToLamportPublicKey(master.Span, index, compressed);
        Assert.Equal(vector.GetProperty("compressed_lamport_PK").GetString()![2..], Convert.ToHexStringLower(compressed));
        using var child = Eip2333KeyDerivation.DeriveChildSecretKey(master.Span, index);
        Assert.Equal(Integer(vector.GetProperty("child_SK").GetString()!), Convert.ToHexStringLower(child.Span));
    }

    [Fact]
    public void Short_seed_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Eip2333KeyDerivation.DeriveMasterSecretKey(new byte[31]));
        Assert.Contains("at least 32 bytes, got 31", e.Message);
    }

    [Fact]
    public void Path_derivation_is_master_then_each_child_in_turn()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var master = Eip2333KeyDerivation.DeriveMasterSecretKey(seed);
        SecretBytes key = SecretBytes.CopyOf(master.Span);
        foreach (var index in new uint[] { 12381, 3600, 5, 0, 0 })
        {
            var next = Eip2333KeyDerivation.DeriveChildSecretKey(key.Span, index);
            key.Dispose();
            key = next;
        }
        using (key)
        using (var viaPath = Eip2333KeyDerivation.DerivePath(seed, KeyPath.Parse("m/12381/3600/5/0/0")))
            Assert.Equal(key.Span.ToArray(), viaPath.Span.ToArray());
        using var withdrawal = Eip2333KeyDerivation.DerivePath(seed, KeyPath.ValidatorWithdrawal(5));
        using var signing = Eip2333KeyDerivation.DerivePath(seed, KeyPath.ValidatorSigning(5));
        Assert.NotEqual(withdrawal.Span.ToArray(), signing.Span.ToArray());
    }

    private static void AssertChunks(JsonElement expected, byte[] actual)
    {
        var chunks = expected.EnumerateArray().Select(e => e.GetString()![2..]).ToList();
        Assert.Equal(255, chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
            Assert.Equal(chunks[i], Convert.ToHexStringLower(actual.AsSpan(i * 32, 32)));
    }

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);

    /// <summary>A decimal integer as 32-byte big-endian hex.</summary>
    private static string Integer(string decimalText)
    {
        var bytes = BigInteger.Parse(decimalText, CultureInfo.InvariantCulture).ToByteArray(isUnsigned: true, isBigEndian: true);
        return Convert.ToHexStringLower(new byte[32 - bytes.Length].Concat(bytes).ToArray());
    }
}
