namespace Dvt.Signer.Bench;

/// <summary>Per-operation times in milliseconds, summarized as percentiles.</summary>
public sealed class LatencySample
{
    private readonly List<double> _milliseconds = [];

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        if (_milliseconds.Count == 0)
            throw new InvalidOperationException("no samples");
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
