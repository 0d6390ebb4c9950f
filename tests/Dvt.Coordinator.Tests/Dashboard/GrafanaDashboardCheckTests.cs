using System.Text.Json.Nodes;

namespace Dvt.Coordinator.Tests.Dashboard;

/// <summary>The check that holds deploy/grafana/dvt.json to /metrics can fail: a wrong metric or label is named.</summary>
public sealed class GrafanaDashboardCheckTests
{
    private const string Exposition = """
        # HELP dvt_signer_duties_total Duties.
        # TYPE dvt_signer_duties_total counter
        dvt_signer_duties_total{type="ATTESTATION",result="signed"} 2
        # HELP dvt_signer_peer_latency_seconds Latency.
        # TYPE dvt_signer_peer_latency_seconds histogram
        dvt_signer_peer_latency_seconds_sum{operator="2"} 0.1
        dvt_signer_peer_latency_seconds_count{operator="2"} 4
        dvt_signer_peer_latency_seconds_bucket{operator="2",le="0.5"} 4
        # HELP dvt_coordinator_complaint_rulings_total Rulings.
        # TYPE dvt_coordinator_complaint_rulings_total counter

        """;

    private static string Dashboard(params string[] expressions) => new JsonObject
    {
        ["panels"] = new JsonArray(expressions.Select(e => (JsonNode)new JsonObject
        {
            ["targets"] = new JsonArray(new JsonObject { ["expr"] = e }),
        }).ToArray()),
        ["templating"] = new JsonObject { ["list"] = new JsonArray() },
    }.ToJsonString();

    [Fact]
    public void Queries_over_exposed_metrics_and_labels_pass()
    {
        Assert.Empty(GrafanaDashboardCheck.Problems(Dashboard(
            "sum by (type) (rate(dvt_signer_duties_total{instance=~\"$instance\",result=\"signed\"}[5m]))",
            "histogram_quantile(0.99, sum by (le, operator) (rate(dvt_signer_peer_latency_seconds_bucket[5m])))",
            "sum by (fault) (increase(dvt_coordinator_complaint_rulings_total[1h]))"), Exposition));
    }

    [Theory]
    [InlineData("rate(dvt_signer_duties_totals[5m])", "dvt_signer_duties_totals, which /metrics does not expose")]
    [InlineData("rate(dvt_signer_duties_total{outcome=\"signed\"}[5m])", "by 'outcome', a label its series do not have")]
    [InlineData("sum by (reason) (rate(dvt_signer_duties_total[5m]))", "groups by 'reason'")]
    [InlineData("dvt_signer_peer_latency_seconds", "dvt_signer_peer_latency_seconds, which /metrics does not expose")]
    [InlineData("up", "names no dvt metric")]
    public void A_query_naming_what_metrics_does_not_expose_is_reported(string expression, string expected)
    {
        var problems = GrafanaDashboardCheck.Problems(Dashboard(expression), Exposition);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_dashboard_file_has_queries_and_names_only_dvt_metrics()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(GrafanaDashboardCheck.DashboardPath))!;
        var queries = GrafanaDashboardCheck.Queries(dashboard);
        Assert.True(queries.Count >= 20, $"only {queries.Count} queries");
        Assert.All(queries, q => Assert.Contains("dvt_", q, StringComparison.Ordinal));
    }
}
