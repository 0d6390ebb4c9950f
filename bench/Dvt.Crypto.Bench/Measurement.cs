using System.Diagnostics;

namespace Dvt.Crypto.Bench;

/// <summary>
/// Times one operation: warm-up, then individually timed runs until a count or a time budget is
/// reached; reports the 10th percentile. The machine is shared with other jobs, whose bursts inflate
/// medians at random; the low percentile estimates the cost of the work itself, and ours and the floor
/// are measured the same way, so their ratio stays meaningful.
/// </summary>
internal static class Measurement
{
    public static double Microseconds(Action operation, int iterations, double budgetMs = 2500)
    {
        for (var i = 0; i < Math.Max(3, iterations / 10); i++)
            operation();
        var samples = new List<double>(iterations);
        var budget = Stopwatch.StartNew();
        for (var i = 0; i < iterations && (samples.Count < 5 || budget.Elapsed.TotalMilliseconds < budgetMs); i++)
        {
            var start = Stopwatch.GetTimestamp();
            operation();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }
        samples.Sort();
        return samples[samples.Count / 10];
    }
}
