using System.Diagnostics;
using System.Globalization;

namespace Dvt.ContractBindings.Bench;

/// <summary>Times an operation for a fixed wall time and prints its rate beside a floor measured in the same run.</summary>
internal static class Figure
{
    /// <summary>Runs <paramref name="operation"/> (which does <paramref name="unitsPerCall"/> units) repeatedly for about <paramref name="duration"/>; returns units per second.</summary>
    public static double Rate(Action operation, TimeSpan duration, int unitsPerCall = 1)
    {
        for (var i = 0; i < 50; i++)
            operation(); // warm up the JIT tiers
        var stopwatch = Stopwatch.StartNew();
        long calls = 0;
        while (stopwatch.Elapsed < duration)
        {
            for (var i = 0; i < 64; i++)
                operation();
            calls += 64;
        }
        return calls * unitsPerCall / stopwatch.Elapsed.TotalSeconds;
    }

    public static void Print(string what, double rate, string floorName, double floor, string unit)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-46} {rate,14:N0} {unit}/s   floor ({floorName}) {floor,14:N0} {unit}/s   ratio {rate / floor,7:P1}"));
    }
}
