namespace Dvt.TestSupport;

/// <summary>Locations inside the repository, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The folder holding Dvt.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The toolchain folder written by scripts/bootstrap.sh.</summary>
    public static string Tools => Path.Combine(Root, ".tools");

    /// <summary>A binary the bootstrap installs (anvil, forge, cast, solc); fails clearly when absent.</summary>
    public static string Tool(string name)
    {
        var path = Path.Combine(Tools, "bin", name);
        if (!File.Exists(path))
            throw new InvalidOperationException($"{name} is not installed at {path}: run scripts/bootstrap.sh");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dvt.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Dvt.sln above {AppContext.BaseDirectory}");
    }
}
