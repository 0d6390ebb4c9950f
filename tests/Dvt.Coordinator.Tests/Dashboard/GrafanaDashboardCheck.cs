using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Dashboard;

/// <summary>
/// Holds deploy/grafana/dvt.json to a coordinator's live /metrics: every metric a query names is a family the
/// coordinator exposes (histogram series by their _bucket/_sum/_count names), and every label a query filters or
/// groups by is a label of that metric's series (or one Prometheus adds when it scrapes: instance, job; le for buckets).
/// </summary>
public static partial class GrafanaDashboardCheck
{
    public static string DashboardPath => Path.Combine(RepoPaths.Root, "deploy", "grafana", "dvt.json");

    private static readonly HashSet<string> ScrapeLabels = ["instance", "job"];

    /// <summary>Every PromQL query in the dashboard: panel targets and query variables.</summary>
    public static IReadOnlyList<string> Queries(JsonNode dashboard)
    {
        var queries = new List<string>();
        foreach (var panel in dashboard["panels"]!.AsArray())
        {
            foreach (var target in panel!["targets"]?.AsArray() ?? [])
                queries.Add(target!["expr"]!.GetValue<string>());
        }
        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
        {
            if (variable!["type"]!.GetValue<string>() == "query")
                queries.Add(variable["definition"]!.GetValue<string>());
        }
        return queries;
    }

    /// <summary>The problems found (empty when the dashboard holds): one line each, naming the query.</summary>
    public static IReadOnlyList<string> Problems(string dashboardJson, string metricsText)
    {
        var exposed = Exposition.Parse(metricsText);
        var problems = new List<string>();
        var queries = Queries(JsonNode.Parse(dashboardJson)!);
        if (queries.Count == 0)
            problems.Add("the dashboard has no queries");
        foreach (var query in queries)
        {
            var names = MetricName().Matches(query).Select(m => m.Value).Distinct().ToList();
            if (names.Count == 0)
                problems.Add($"'{query}' names no dvt metric");
            var labelsOfQuery = new HashSet<string>(ScrapeLabels);
            foreach (var name in names)
            {
                if (!exposed.Families.TryGetValue(name, out var family))
                {
                    problems.Add($"'{query}' uses {name}, which /metrics does not expose");
                    continue;
                }
                labelsOfQuery.UnionWith(family.Labels);
                if (name.EndsWith("_bucket", StringComparison.Ordinal))
                    labelsOfQuery.Add("le");
            }
            foreach (Match selector in Selector().Matches(query))
            {
                var name = selector.Groups["name"].Value;
                if (!exposed.Families.TryGetValue(name, out var family) || family.Labels.Count == 0 && !family.HasSeries)
                    continue; // no series yet to learn its labels from (reported above if the family is missing)
                foreach (Match matcher in Matcher().Matches(selector.Groups["labels"].Value))
                {
                    var label = matcher.Groups["label"].Value;
                    if (!family.Labels.Contains(label) && !ScrapeLabels.Contains(label))
                        problems.Add($"'{query}' filters {name} by '{label}', a label its series do not have ({string.Join(", ", family.Labels)})");
                }
            }
            foreach (Match by in ByClause().Matches(query))
            {
                foreach (var label in by.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!labelsOfQuery.Contains(label) && names.All(n => exposed.Families.TryGetValue(n, out var f) && f.HasSeries))
                        problems.Add($"'{query}' groups by '{label}', a label none of its metrics' series have");
                }
            }
        }
        return problems;
    }

    [GeneratedRegex(@"\bdvt_[a-z0-9_]+\b")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"(?<name>\bdvt_[a-z0-9_]+)\{(?<labels>[^}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\bby\s*\((?<labels>[^)]*)\)")]
    private static partial Regex ByClause();

    /// <summary>The Prometheus text exposition, reduced to what the check needs: series names and their label names.</summary>
    private sealed partial class Exposition
    {
        public Dictionary<string, Family> Families { get; } = new(StringComparer.Ordinal);

        public static Exposition Parse(string text)
        {
            var exposition = new Exposition();
            foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    var parts = line.Split(' ');
                    var name = parts[2];
                    string[] names = parts[3] == "histogram" ? [name + "_bucket", name + "_sum", name + "_count"] : [name];
                    foreach (var n in names)
                        exposition.Families.TryAdd(n, new Family());
                    continue;
                }
                if (line.StartsWith('#'))
                    continue;
                var sample = Sample().Match(line);
                if (!sample.Success)
                    continue;
                var family = exposition.Families.TryGetValue(sample.Groups["name"].Value, out var f) ? f : exposition.Families[sample.Groups["name"].Value] = new Family();
                family.HasSeries = true;
                foreach (Match label in SampleLabel().Matches(sample.Groups["labels"].Value))
                    family.Labels.Add(label.Groups["label"].Value);
            }
            return exposition;
        }

        [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s")]
        private static partial Regex Sample();

        [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)=""")]
        private static partial Regex SampleLabel();
    }

    private sealed class Family
    {
        public HashSet<string> Labels { get; } = new(StringComparer.Ordinal);

        public bool HasSeries { get; set; }
    }
}
