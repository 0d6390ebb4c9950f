namespace Dvt.Crypto.Tests.Threshold;

internal static class Subsets
{
    /// <summary>Every k-element subset of items, in lexicographic order of positions.</summary>
    public static IEnumerable<T[]> Of<T>(IReadOnlyList<T> items, int k)
    {
        var positions = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return positions.Select(p => items[p]).ToArray();
            var i = k - 1;
            while (i >= 0 && positions[i] == items.Count - k + i)
                i--;
            if (i < 0)
                yield break;
            positions[i]++;
            for (var j = i + 1; j < k; j++)
                positions[j] = positions[j - 1] + 1;
        }
    }
}
