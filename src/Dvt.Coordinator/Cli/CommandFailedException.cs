namespace Dvt.Coordinator.Cli;

/// <summary>A well-formed command that could not be carried out (a refused state, a missing file): exit code 1.</summary>
public sealed class CommandFailedException(string message, Exception? inner = null) : Exception(message, inner);
