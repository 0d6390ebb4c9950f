using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Duties.Consensus;
using Dvt.Duties.Values;
using Dvt.Qbft.Messages;
using Dvt.Signer.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Dvt.Duties.Beacon;

/// <summary>
/// The beacon-node API on the validator-client listener. Every call is forwarded to this operator's own beacon node
/// (Yarp.ReverseProxy), except the calls that fetch data to sign, which answer with the value the holders decided
/// through QBFT: attestation data (GET /eth/v1/validator/attestation_data), blocks (GET /eth/v1 and v2
/// /validator/blocks/{slot}, /eth/v1/validator/blinded_blocks/{slot}, /eth/v3/validator/blocks/{slot}) and the head
/// root a sync-committee message signs (GET /eth/v1/beacon/blocks/head/root). Aggregates and sync-committee
/// contributions are the beacon node's (forwarded); the signing gate lets them through only when they carry the
/// decided attestation data / head root. A validator client so uses this one URL as its beacon node and its signer.
/// </summary>
public sealed class BeaconNodeMiddleware(
    OwnBeaconNode beaconNode, DutyConsensus consensus, SigningDirectoryHolderSets holderSets, IValidatorDirectory validators,
    TimeSpan decisionTimeout, ILogger<BeaconNodeMiddleware> logger)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/eth/v1/validator/attestation_data", (HttpContext c) => Guarded(c, AttestationDataAsync));
        app.MapGet("/eth/v1/validator/blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v2/validator/blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v3/validator/blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v1/validator/blinded_blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v1/beacon/blocks/head/root", (HttpContext c) => Guarded(c, HeadRootAsync));
        app.MapForwarder("/{**rest}", beaconNode.BaseUrl.ToString().TrimEnd('/'));
    }

    /// <summary>The own beacon node failing (down, syncing, nonsense) is the client's 503 with the reason, never a 500.</summary>
    private async Task Guarded(HttpContext context, Func<HttpContext, Task> handle)
    {
        try
        {
            await handle(context);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or FormatException or KeyNotFoundException or InvalidOperationException
                                      || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            if (!context.Response.HasStarted)
                await Answer(context, 503, $"no duty data: {e.Message}");
        }
    }

    private async Task AttestationDataAsync(HttpContext context)
    {
        if (!ulong.TryParse(context.Request.Query["slot"], NumberStyles.None, CultureInfo.InvariantCulture, out var slotValue)
            || !ulong.TryParse(context.Request.Query["committee_index"], NumberStyles.None, CultureInfo.InvariantCulture, out var indexValue))
        {
            await Answer(context, 400, "query parameters slot and committee_index must be unsigned integers");
            return;
        }
        var slot = new Slot(slotValue);
        var sets = holderSets.All();
        using var timeout = Timeout(context);
        var own = await beaconNode.AttestationDataAsync(slot, new CommitteeIndex(indexValue), timeout.Token);
        if (sets.Count == 0)
        {
            await Data(context, JsonSerializer.SerializeToNode(own, ConsensusJson.Options)!);
            return;
        }
        var input = AttestationValue.Encode(own);
        byte[][] decided;
        try
        {
            decided = await Task.WhenAll(sets.Select(s => consensus.DecideAsync(new InstanceId(s.Id, DutyType.Attester, slot), input, timeout.Token)));
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await Answer(context, 503, $"the holders decided no attestation data for slot {slot.Value} within {decisionTimeout.TotalSeconds} s");
            return;
        }
        if (decided.Skip(1).Any(d => !d.AsSpan().SequenceEqual(decided[0])))
            logger.LogWarning("Holder sets decided different attestation data for slot {Slot}; serving the first set's (validators of other sets will be refused)", slot.Value);
        var data = AttestationValue.ForCommittee(AttestationValue.Decode(decided[0]), new CommitteeIndex(indexValue));
        await Data(context, JsonSerializer.SerializeToNode(data, ConsensusJson.Options)!);
    }

    private async Task BlockAsync(HttpContext context, string slot)
    {
        if (!ulong.TryParse(slot, NumberStyles.None, CultureInfo.InvariantCulture, out var slotValue))
        {
            await Answer(context, 400, $"slot '{slot}' is not an unsigned integer");
            return;
        }
        using var timeout = Timeout(context);
        var (status, body, contentType) = await beaconNode.RawGetAsync(context.Request.Path + context.Request.QueryString, timeout.Token);
        if (status != 200)
        {
            await Raw(context, status, body, contentType);
            return;
        }
        BlockProposalValue own;
        try
        {
            own = BlockProposalValue.Parse(body);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            await Answer(context, 502, $"the beacon node's block is not readable: {e.Message}");
            return;
        }
        var key = await beaconNode.PublicKeyAtAsync(own.ProposerIndex, timeout.Token);
        if (validators.Find(key) is not { IsSolo: false } set)
        {
            await Raw(context, status, body, contentType); // not a distributed validator held here: nothing to agree on
            return;
        }
        byte[] decided;
        try
        {
            decided = await consensus.DecideAsync(new InstanceId(SigningDirectoryHolderSets.Of(set).Id, DutyType.Proposer, new Slot(slotValue)), body, timeout.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await Answer(context, 503, $"the holders decided no block for slot {slotValue} within {decisionTimeout.TotalSeconds} s");
            return;
        }
        var version = BlockProposalValue.Parse(decided).Version;
        context.Response.Headers["Eth-Consensus-Version"] = version;
        await Raw(context, 200, decided, "application/json");
    }

    private async Task HeadRootAsync(HttpContext context)
    {
        var sets = holderSets.All();
        using var timeout = Timeout(context);
        if (sets.Count == 0)
        {
            var root = await beaconNode.HeadRootAsync(timeout.Token);
            await Data(context, new JsonObject { ["root"] = root.ToString() });
            return;
        }
        var slot = await beaconNode.CurrentSlotAsync(timeout.Token);
        byte[] decided;
        try
        {
            decided = await consensus.DecideAsync(new InstanceId(sets[0].Id, DutyType.SyncCommitteeMessage, slot), null, timeout.Token);
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await Answer(context, 503, $"the holders decided no head root for slot {slot.Value} within {decisionTimeout.TotalSeconds} s");
            return;
        }
        await Data(context, new JsonObject { ["root"] = Root.FromBytes(decided).ToString() });
    }

    private CancellationTokenSource Timeout(HttpContext context)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        source.CancelAfter(decisionTimeout);
        return source;
    }

    private static Task Data(HttpContext context, JsonNode data)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject { ["data"] = data }.ToJsonString());
    }

    private static async Task Raw(HttpContext context, int status, byte[] body, string? contentType)
    {
        context.Response.StatusCode = status;
        if (contentType is not null)
            context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(body);
    }

    private static Task Answer(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { code = status, message });
    }
}
