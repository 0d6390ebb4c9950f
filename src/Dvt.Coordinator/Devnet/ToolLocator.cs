namespace Dvt.Coordinator.Devnet;

/// <summary>Finds what the devnet runs: anvil (the repository's .tools/bin, or PATH) and this very program for the coordinators.</summary>
public static class ToolLocator
{
    /// <summary>anvil from --anvil, $DVT_ANVIL, the repository's .tools/bin (scripts/bootstrap.sh), or PATH.</summary>
    public static string Anvil(string? given)
    {
        if (given is not null)
            return File.Exists(given) ? Path.GetFullPath(given) : throw new Cli.UsageException($"--anvil: {given} does not exist");
        if (Environment.GetEnvironmentVariable("DVT_ANVIL") is { Length: > 0 } fromEnv && File.Exists(fromEnv))
            return fromEnv;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".tools", "bin", "anvil");
            if (File.Exists(candidate))
                return candidate;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, "anvil");
            if (File.Exists(candidate))
                return candidate;
        }
        throw new Cli.CommandFailedException("anvil not found: run scripts/bootstrap.sh, or give --anvil PATH");
    }

    /// <summary>How to start another `dvt`: the apphost beside this assembly, or `dotnet exec dvt.dll`.</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Self()
    {
        var dll = typeof(ToolLocator).Assembly.Location;
        var folder = Path.GetDirectoryName(dll)!;
        var apphost = Path.Combine(folder, OperatingSystem.IsWindows() ? "dvt.exe" : "dvt");
        if (File.Exists(apphost))
            return (apphost, []);
        return (Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet", ["exec", dll]);
    }
}
