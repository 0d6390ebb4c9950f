using System.Globalization;
using System.Text.Json.Nodes;
using Dvt.Coordinator.Cli.Views;
using Dvt.Signer;
using Dvt.Signer.Observability;

namespace Dvt.Coordinator.Dashboard;

/// <summary>
/// The state behind the dashboard, as one JSON document: the registry's operators and validators (public chain
/// data, read at most every <see cref="RegistryRefresh"/>, only while someone watches), this signer's counters
/// (the values /metrics serves: duties, per-peer health and latency, recovery-key uses, slashing refusals) and
/// /healthcheck's report. Nothing else: no key material, no request bodies, no configuration.
/// </summary>
public sealed class DashboardFeed(ulong operatorId, SignerServices signer, RegistryReader registry, TimeProvider? time = null)
{
    /// <summary>How old the registry views may get before a request reads them again.</summary>
    public static readonly TimeSpan RegistryRefresh = TimeSpan.FromSeconds(3);

    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly SemaphoreSlim refreshing = new(1, 1);
    private Cli.Views.RegistryContents? snapshot;
    private string? snapshotError;
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    public async Task<JsonObject> ReadAsync(CancellationToken ct)
    {
        await RefreshRegistryAsync(ct).ConfigureAwait(false);
        var metrics = signer.Metrics;
        var chain = snapshot;
        var state = new JsonObject
        {
            ["operatorId"] = operatorId,
            ["generatedAt"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["health"] = signer.HealthReport(),
            ["chain"] = chain is null ? null : new JsonObject { ["chainId"] = chain.ChainId, ["registry"] = chain.Registry, ["block"] = chain.Block },
            ["chainError"] = snapshotError,
            ["operators"] = Operators(chain, metrics),
            ["validators"] = Validators(chain),
            ["duties"] = Duties(metrics),
            ["recoveryKeyUses"] = ByLabels(metrics.RecoveryKeyUses, "type"),
            ["slashingRefusals"] = ByLabels(metrics.SlashingRefusals, "type", "key"),
        };
        return state;
    }

    private async Task RefreshRegistryAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() - readAt < RegistryRefresh)
            return;
        await refreshing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (clock.GetUtcNow() - readAt < RegistryRefresh)
                return;
            try
            {
                snapshot = await registry.ReadAsync(operators: true, validators: true, ct).ConfigureAwait(false);
                snapshotError = null;
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // The last good views stay on the page, with the reason they are not fresh.
                snapshotError = $"registry not read: {e.Message}";
            }
            readAt = clock.GetUtcNow();
        }
        finally
        {
            refreshing.Release();
        }
    }

    private JsonArray Operators(Cli.Views.RegistryContents? chain, SignerMetrics metrics)
    {
        var rows = new JsonArray();
        foreach (var o in chain?.Operators ?? [])
        {
            var label = o.Id.ToString(CultureInfo.InvariantCulture);
            JsonObject peer;
            if (o.Id == operatorId)
                peer = new JsonObject { ["self"] = true };
            else
            {
                var answered = metrics.PeerLastAnswer.GetAllLabelValues().Any(v => v[0] == label);
                var latency = metrics.PeerLatency.WithLabels(label);
                var failures = new JsonObject();
                foreach (var values in metrics.PartialFailures.GetAllLabelValues().Where(v => v[0] == label))
                {
                    var reason = values[2];
                    failures[reason] = (failures[reason]?.GetValue<double>() ?? 0) + metrics.PartialFailures.WithLabels(values).Value;
                }
                peer = new JsonObject
                {
                    ["self"] = false,
                    ["up"] = answered ? metrics.PeerUp.WithLabels(label).Value >= 1 : null,
                    ["lastAnswerSecondsAgo"] = answered
                        ? Math.Max(0, Math.Round(clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0 - metrics.PeerLastAnswer.WithLabels(label).Value, 1))
                        : null,
                    ["goodPartials"] = latency.Count,
                    ["meanLatencyMs"] = latency.Count == 0 ? null : Math.Round(latency.Sum / latency.Count * 1000, 2),
                    ["failures"] = failures,
                };
            }
            rows.Add(new JsonObject
            {
                ["id"] = o.Id,
                ["status"] = o.Status,
                ["endpoint"] = o.Endpoint,
                ["ownedValidators"] = o.OwnedValidators,
                ["heldValidators"] = o.HeldValidators,
                ["peer"] = peer,
            });
        }
        return rows;
    }

    private static JsonArray Validators(Cli.Views.RegistryContents? chain)
    {
        var rows = new JsonArray();
        foreach (var v in chain?.Validators ?? [])
        {
            rows.Add(new JsonObject
            {
                ["id"] = v.Id,
                ["owner"] = v.Owner,
                ["mode"] = v.Mode,
                ["kind"] = v.Kind,
                ["status"] = v.Status,
                ["holders"] = new JsonArray(v.Holders.Select(h => (JsonNode)h).ToArray()),
                ["round"] = v.Round?.Summary,
                ["publicKey"] = v.PublicKey,
            });
        }
        return rows;
    }

    private static JsonArray Duties(SignerMetrics metrics)
    {
        var byType = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var values in metrics.Duties.GetAllLabelValues())
        {
            var row = byType.TryGetValue(values[0], out var existing) ? existing
                : byType[values[0]] = new JsonObject { ["type"] = values[0], ["signed"] = 0.0, ["missed"] = 0.0, ["refused"] = 0.0 };
            row[values[1]] = row[values[1]]!.GetValue<double>() + metrics.Duties.WithLabels(values).Value;
        }
        return new JsonArray(byType.Values.Select(r => (JsonNode)r).ToArray());
    }

    private static JsonArray ByLabels(Prometheus.Counter counter, params string[] names)
    {
        var rows = new JsonArray();
        foreach (var values in counter.GetAllLabelValues().OrderBy(v => string.Join('/', v), StringComparer.Ordinal))
        {
            var row = new JsonObject();
            for (var i = 0; i < names.Length; i++)
                row[names[i]] = values[i];
            row["count"] = counter.WithLabels(values).Value;
            rows.Add(row);
        }
        return rows;
    }
}
