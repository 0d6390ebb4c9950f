using System.Text.Json;
using Dvt.TestSupport;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>The Lodestar validator client's real request bodies (read-only, beside the repository).</summary>
public static class LodestarExamples
{
    public static string Folder => Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "interop", "lodestar", "request-examples"));

    public static IEnumerable<object[]> Files()
    {
        if (!System.IO.Directory.Exists(Folder))
            return [[TestVectors.Missing]];
        return System.IO.Directory.GetFiles(Folder, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(f => new object[] { f! });
    }

    /// <summary>The request body of an example, as the client sent it (the example's own pubkey is not ours).</summary>
    public static string Body(string file)
    {
        if (file == TestVectors.Missing)
        {
            var why = $"Lodestar request examples not found at {Folder}";
            if (TestVectors.IsCi)
                Assert.Fail(why);
            Skip.If(true, why);
        }
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, file)));
        return document.RootElement.GetProperty("body").GetRawText();
    }

    /// <summary>A stable position per file, so each example signs with its own validator and never conflicts with another.</summary>
    public static int IndexOf(string file)
        => Files().Select(f => (string)f[0]).ToList().IndexOf(file);
}
