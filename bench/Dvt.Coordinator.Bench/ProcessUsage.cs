using System.Globalization;

namespace Dvt.Coordinator.Bench;

/// <summary>CPU time and memory of a process from /proc/&lt;pid&gt;/stat and /proc/&lt;pid&gt;/status (Linux).</summary>
internal readonly record struct ProcessUsage(TimeSpan Cpu, long RssKiB, long PeakRssKiB)
{
    public static ProcessUsage Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        const double ticksPerSecond = 100; // USER_HZ on Linux
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = ParseKiB(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                peak = ParseKiB(line);
        }
        return new ProcessUsage(TimeSpan.FromSeconds(ticks / ticksPerSecond), rss, peak);
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
