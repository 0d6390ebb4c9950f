namespace Dvt.TestSupport;

/// <summary>
/// How a test waits for another process (a beacon node, a chain, a coordinator): read a value until it meets the
/// condition or the bound passes, never a fixed sleep. The reading between two polls is the only pause. Reads that
/// fail with a transient error (the other side not up yet) count as not met.
/// </summary>
public static class BoundedPoll
{
    /// <summary>The outcome: whether the condition was met within the bound, and the last value read (for the failure message).</summary>
    public readonly record struct Outcome<T>(bool Met, T? Last);

    /// <param name="read">Reads the value; may throw a transient error, which counts as a value not meeting the condition.</param>
    /// <param name="met">The condition.</param>
    /// <param name="bound">How long to keep reading.</param>
    /// <param name="every">The pause between two reads.</param>
    /// <param name="isTransient">Errors to read again after (default: HTTP errors and timeouts of a request).</param>
    public static async Task<Outcome<T>> UntilAsync<T>(
        Func<CancellationToken, Task<T>> read, Func<T, bool> met, TimeSpan bound, TimeSpan every, CancellationToken ct,
        Func<Exception, bool>? isTransient = null)
    {
        isTransient ??= static e => e is HttpRequestException || (e is TaskCanceledException && e.InnerException is TimeoutException);
        var deadline = DateTime.UtcNow + bound;
        T? last = default;
        while (true)
        {
            try
            {
                last = await read(ct);
                if (met(last))
                    return new Outcome<T>(true, last);
            }
            catch (Exception e) when (isTransient(e) && !ct.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow + every > deadline)
                return new Outcome<T>(false, last);
            await Task.Delay(every, ct);
        }
    }
}
