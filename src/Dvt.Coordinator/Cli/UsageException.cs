namespace Dvt.Coordinator.Cli;

/// <summary>The command line itself is wrong (a missing or malformed option): exit code 2, one line naming the option.</summary>
public sealed class UsageException(string message) : Exception(message);
