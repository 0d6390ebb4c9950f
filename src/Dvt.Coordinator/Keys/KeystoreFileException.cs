namespace Dvt.Coordinator.Keys;

/// <summary>A keystore file that could not be opened: the file named, and why (wrong password, not JSON at line N, a bad field).</summary>
public sealed class KeystoreFileException(string file, string problem, Exception? inner = null)
    : Exception($"keystore {file}: {problem}", inner)
{
    public string File { get; } = file;

    public string Problem { get; } = problem;
}
