using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// An operator's coordinator log: every line appended to its log file, across restarts, and (when asked, for tests
/// that look for a line) kept in memory too. A child process's output and an in-process host's logger both write here.
/// </summary>
public sealed class CoordinatorLog(string file, bool keepInMemory) : ILoggerProvider
{
    private readonly List<string> lines = [];
    private readonly Lock gate = new();
    private StreamWriter? writer;

    public string File { get; } = file;

    public void Append(string line)
    {
        lock (gate)
        {
            writer ??= new StreamWriter(new FileStream(File, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
            writer.WriteLine(line);
            if (keepInMemory)
                lines.Add(line);
        }
    }

    /// <summary>Every line so far: from memory when kept there, else read back from the file.</summary>
    public IReadOnlyList<string> Lines()
    {
        if (keepInMemory)
        {
            lock (gate)
                return lines.ToArray();
        }
        if (!System.IO.File.Exists(File))
            return [];
        using var stream = new FileStream(File, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>A logger writing into this log under <paramref name="name"/>, debug and up, without the framework's own categories.</summary>
    public ILogger CreateLogger(string categoryName) => new LineLogger(this, categoryName);

    /// <summary>Closes the file (a later line opens it again).</summary>
    public void Dispose()
    {
        lock (gate)
        {
            writer?.Dispose();
            writer = null;
        }
    }

    private sealed class LineLogger(CoordinatorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug && !category.StartsWith("Microsoft", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log.Append($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {formatter(state, exception)}");
        }
    }
}
