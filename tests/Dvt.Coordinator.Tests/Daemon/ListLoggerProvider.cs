using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>Collects an in-process coordinator's log lines so a failing test can show them.</summary>
public sealed class ListLoggerProvider(string name, List<string> sink) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(name, categoryName, sink);

    public void Dispose()
    {
    }

    private sealed class ListLogger(string name, string category, List<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug && !category.StartsWith("Microsoft", StringComparison.Ordinal);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            lock (sink)
                sink.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {name} {logLevel} {formatter(state, exception)}");
        }
    }
}
