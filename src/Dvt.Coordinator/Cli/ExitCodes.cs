namespace Dvt.Coordinator.Cli;

/// <summary>What `dvt` returns: scripts tell a usage mistake from a failure without reading the message.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
