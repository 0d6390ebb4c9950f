using Xunit;

namespace Dvt.TestSupport;

/// <summary>
/// The official test vectors, read from $DVT_VECTORS (default: ../shared/vectors beside the repo).
/// Tests enumerate the files they find, so another folder of the same layout runs other cases.
/// A missing folder fails the run under CI=true and is reported as skipped, with the reason, elsewhere.
/// </summary>
public static class TestVectors
{
    /// <summary>The placeholder case name yielded when a vector folder is missing.</summary>
    public const string Missing = "(vectors missing)";

    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("DVT_VECTORS");
            return string.IsNullOrWhiteSpace(env)
                ? Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "vectors"))
                : Path.GetFullPath(env);
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The folder $DVT_VECTORS/<paramref name="relative"/>.</summary>
    public static string Folder(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// Files under a vector folder, as paths relative to it, sorted; one theory case each.
    /// When the folder is missing yields the single case <see cref="Missing"/>, which
    /// <see cref="Resolve"/> turns into a failure (CI) or a skip (elsewhere).
    /// </summary>
    public static IEnumerable<object[]> Cases(string relative, string searchPattern = "*.json", bool recursive = true)
    {
        var folder = Folder(relative);
        if (!Directory.Exists(folder))
        {
            yield return [Missing];
            yield break;
        }
        var files = Directory.GetFiles(folder, searchPattern, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => !Path.GetFileName(f).Equals("SOURCE.txt", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            yield return [Missing];
            yield break;
        }
        foreach (var f in files)
            yield return [f];
    }

    /// <summary>Case directories (each holding files), relative to the vector folder; e.g. SSZ's case_N.</summary>
    public static IEnumerable<object[]> CaseDirectories(string relative, string markerFile)
    {
        var folder = Folder(relative);
        if (!Directory.Exists(folder))
        {
            yield return [Missing];
            yield break;
        }
        var dirs = Directory.GetFiles(folder, markerFile, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
        if (dirs.Count == 0)
        {
            yield return [Missing];
            yield break;
        }
        foreach (var d in dirs)
            yield return [d];
    }

    /// <summary>
    /// The full path of a case from <see cref="Cases"/>; for the missing placeholder, fails under
    /// CI=true and skips elsewhere (use with [SkippableTheory]).
    /// </summary>
    public static string Resolve(string relative, string caseName)
    {
        if (caseName == Missing)
        {
            var why = $"test vectors not found at {Folder(relative)} (set DVT_VECTORS or put ../shared/vectors beside the repo)";
            if (IsCi)
                Assert.Fail(why);
            Skip.If(true, why);
        }
        return Path.Combine(Folder(relative), caseName);
    }
}
