using System.Globalization;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// A beacon node that injects one fault: every holder's node sees a different head. It answers only the calls duty
/// consensus makes for attestations (attestation_data) and sync-committee messages (blocks/head/root): the same source
/// and target checkpoints for everyone, but a head block root of its own (<see cref="HeadRoot"/>). Slots at or above
/// <see cref="SilentFromSlot"/> get 503, as from a node that cannot serve them, so nothing can be decided there.
/// Aggregates and sync-committee contributions are answered too, each node with aggregation bits of its own
/// (<see cref="OwnBits"/>): the holders' beacon nodes saw different subsets of the committee, so each holder proposes a
/// different aggregate of the same data.
/// </summary>
public sealed class FaultInjectingBeaconNode : IAsyncDisposable
{
    public const ulong SilentFromSlot = 1_000;

    /// <summary>The target root every node agrees on (a checkpoint is not where heads differ).</summary>
    public static readonly string TargetRoot = "0x" + new string('7', 64);

    public static readonly string SourceRoot = "0x" + new string('1', 64);

    private readonly WebApplication _app;

    private FaultInjectingBeaconNode(WebApplication app, Uri url, string headRoot)
    {
        _app = app;
        Url = url;
        HeadRoot = headRoot;
    }

    public Uri Url { get; }

    public string HeadRoot { get; }

    /// <summary>The head root of node <paramref name="variant"/> (1-based).</summary>
    public static string HeadRootOf(int variant) => "0x" + variant.ToString("x2", CultureInfo.InvariantCulture).PadLeft(64, 'c');

    /// <summary>The aggregation bits node <paramref name="variant"/> reports: bit variant-1 and bit 7 of 8.</summary>
    public static byte OwnBits(int variant) => (byte)(0x80 | (1 << (variant - 1)));

    /// <summary>The attestation data a node serves for a committee (its own head root).</summary>
    public static AttestationData DataOf(int variant, ulong slot, ulong committee) =>
        new(new Slot(slot), new CommitteeIndex(committee), Root.Parse(HeadRootOf(variant)),
            new Checkpoint(new Epoch(slot / 8 - 1), Root.Parse(SourceRoot)), new Checkpoint(new Epoch(slot / 8), Root.Parse(TargetRoot)));

    public static string DataJson(AttestationData data) =>
        $"{{\"slot\":\"{data.Slot.Value}\",\"index\":\"{data.Index.Value}\",\"beacon_block_root\":\"{data.BeaconBlockRoot}\","
        + $"\"source\":{{\"epoch\":\"{data.Source.Epoch.Value}\",\"root\":\"{data.Source.Root}\"}},\"target\":{{\"epoch\":\"{data.Target.Epoch.Value}\",\"root\":\"{data.Target.Root}\"}}}}";

    public static string AggregateJson(AttestationData data, byte bits) =>
        $"{{\"aggregation_bits\":\"0x{bits:x2}01\",\"data\":{DataJson(data)},\"signature\":\"0xc0{new string('0', 190)}\"}}";

    /// <summary>An electra aggregate (EIP-7549): the data with index 0, the committee in committee_bits (minimal preset: 4 committees, one byte).</summary>
    public static string ElectraAggregateJson(AttestationData data, ulong committee, byte bits) =>
        $"{{\"aggregation_bits\":\"0x{bits:x2}01\",\"data\":{DataJson(data with { Index = new CommitteeIndex(0) })},\"signature\":\"0xc0{new string('0', 190)}\",\"committee_bits\":\"0x{1 << (int)committee:x2}\"}}";

    public static string ContributionJson(ulong slot, string blockRoot, ulong subcommittee, byte bits) =>
        $"{{\"slot\":\"{slot}\",\"beacon_block_root\":\"{blockRoot}\",\"subcommittee_index\":\"{subcommittee}\",\"aggregation_bits\":\"0x{bits:x2}\",\"signature\":\"0xc0{new string('0', 190)}\"}}";

    public static async Task<FaultInjectingBeaconNode> StartAsync(int variant)
    {
        var headRoot = HeadRootOf(variant);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/eth/v1/validator/attestation_data", (HttpContext context) =>
        {
            var slot = ulong.Parse(context.Request.Query["slot"]!, CultureInfo.InvariantCulture);
            var index = context.Request.Query["committee_index"].ToString();
            if (slot >= SilentFromSlot)
                return Results.StatusCode(503);
            var epoch = slot / 8; // minimal preset
            return Results.Text(
                $"{{\"data\":{{\"slot\":\"{slot}\",\"index\":\"{index}\",\"beacon_block_root\":\"{headRoot}\","
                + $"\"source\":{{\"epoch\":\"{epoch - 1}\",\"root\":\"{SourceRoot}\"}},\"target\":{{\"epoch\":\"{epoch}\",\"root\":\"{TargetRoot}\"}}}}}}",
                "application/json");
        });
        app.MapGet("/eth/v1/validator/aggregate_attestation", (HttpContext context) =>
        {
            // A real node aggregates what it saw for that data root: here, any of the four nodes' data (it cannot invert the root).
            var slot = ulong.Parse(context.Request.Query["slot"]!, CultureInfo.InvariantCulture);
            var root = Root.Parse(context.Request.Query["attestation_data_root"].ToString());
            for (var v = 1; v <= 4; v++)
            {
                for (ulong committee = 0; committee < 4; committee++)
                {
                    if (DataOf(v, slot, committee).HashTreeRoot() == root)
                        return Results.Text($"{{\"data\":{AggregateJson(DataOf(v, slot, committee), OwnBits(variant))}}}", "application/json");
                }
            }
            return Results.NotFound();
        });
        app.MapGet("/eth/v2/validator/aggregate_attestation", (HttpContext context) =>
        {
            // Electra: the root is of the data with index 0; the committee comes as committee_index.
            var slot = ulong.Parse(context.Request.Query["slot"]!, CultureInfo.InvariantCulture);
            var committee = ulong.Parse(context.Request.Query["committee_index"]!, CultureInfo.InvariantCulture);
            var root = Root.Parse(context.Request.Query["attestation_data_root"].ToString());
            for (var v = 1; v <= 4; v++)
            {
                if (DataOf(v, slot, 0).HashTreeRoot() == root)
                {
                    return Results.Text($"{{\"version\":\"electra\",\"data\":{ElectraAggregateJson(DataOf(v, slot, 0), committee, OwnBits(variant))}}}",
                        "application/json");
                }
            }
            return Results.NotFound();
        });
        app.MapGet("/eth/v1/validator/sync_committee_contribution", (HttpContext context) =>
        {
            var slot = ulong.Parse(context.Request.Query["slot"]!, CultureInfo.InvariantCulture);
            var subcommittee = ulong.Parse(context.Request.Query["subcommittee_index"]!, CultureInfo.InvariantCulture);
            var root = context.Request.Query["beacon_block_root"].ToString();
            return Results.Text($"{{\"data\":{ContributionJson(slot, root, subcommittee, OwnBits(variant))}}}", "application/json");
        });
        app.MapGet("/eth/v1/beacon/blocks/head/root", () => Results.Text($"{{\"data\":{{\"root\":\"{headRoot}\"}}}}", "application/json"));
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new FaultInjectingBeaconNode(app, url, headRoot);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
