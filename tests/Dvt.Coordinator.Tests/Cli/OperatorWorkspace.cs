namespace Dvt.Coordinator.Tests.Cli;

/// <summary>A temporary folder holding operators' data directories and one password file; deleted on dispose.</summary>
public sealed class OperatorWorkspace : IDisposable
{
    public OperatorWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "dvt-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        PasswordFile = Path.Combine(Root, "password.txt");
        File.WriteAllText(PasswordFile, "correct horse battery staple\n");
    }

    public string Root { get; }

    public string PasswordFile { get; }

    public string DataDir(int operatorNumber) => Path.Combine(Root, $"operator-{operatorNumber}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
