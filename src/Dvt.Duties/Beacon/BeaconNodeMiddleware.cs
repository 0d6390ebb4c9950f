using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;
using Dvt.Duties.Consensus;
using Dvt.Duties.Values;
using Dvt.Qbft.Messages;
using Dvt.Signer.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Dvt.Signer;

namespace Dvt.Duties.Beacon;

/// <summary>
/// The beacon-node API on the validator-client listener. Every call is forwarded to this operator's own beacon node
/// (Yarp.ReverseProxy), except the calls that fetch data to sign, which answer with the value the holders decided
/// through QBFT: attestation data (GET /eth/v1/validator/attestation_data), blocks (GET /eth/v1 and v2
/// /validator/blocks/{slot}, /eth/v1/validator/blinded_blocks/{slot}, /eth/v3/validator/blocks/{slot}) and the head
/// root a sync-committee message signs (GET /eth/v1/beacon/blocks/head/root), aggregates (GET /eth/v1 and v2
/// /validator/aggregate_attestation: only for the decided attestation data, one instance per committee) and
/// sync-committee contributions (GET /eth/v1/validator/sync_committee_contribution: only for the decided head root,
/// one instance per subcommittee). A validator client so uses this one URL as its beacon node and its signer.
/// </summary>
public sealed class BeaconNodeMiddleware(
    OwnBeaconNode beaconNode, IDutyConsensus consensus, SigningDirectoryHolderSets holderSets, IValidatorDirectory validators,
    TimeSpan decisionTimeout, ILogger<BeaconNodeMiddleware> logger, Dvt.Consensus.ConsensusPreset preset)
{
    public void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/eth/v1/validator/attestation_data", (HttpContext c) => Guarded(c, AttestationDataAsync));
        app.MapGet("/eth/v1/validator/blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v2/validator/blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v3/validator/blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v1/validator/blinded_blocks/{slot}", (HttpContext c, string slot) => Guarded(c, x => BlockAsync(x, slot)));
        app.MapGet("/eth/v1/beacon/blocks/head/root", (HttpContext c) => Guarded(c, HeadRootAsync));
        app.MapGet("/eth/v1/validator/aggregate_attestation", (HttpContext c) => Guarded(c, x => AggregateAsync(x, versioned: false)));
        app.MapGet("/eth/v2/validator/aggregate_attestation", (HttpContext c) => Guarded(c, x => AggregateAsync(x, versioned: true)));
        app.MapGet("/eth/v1/validator/sync_committee_contribution", (HttpContext c) => Guarded(c, ContributionAsync));
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
        if (await DecidedOrUnavailableAsync(context, "attestation data", slot.Value,
                () => Task.WhenAll(sets.Select(s => consensus.DecideAsync(new InstanceId(s.Id, DutyType.Attester, slot), input, timeout.Token)))) is not { } decided)
            return;
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
        if (await DecidedOrUnavailableAsync(context, "block", slotValue,
                () => consensus.DecideAsync(new InstanceId(SigningDirectoryHolderSets.Of(set).Id, DutyType.Proposer, new Slot(slotValue)), body, timeout.Token)) is not { } decided)
            return;
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
        if (await DecidedOrUnavailableAsync(context, "head root", slot.Value,
                () => consensus.DecideAsync(new InstanceId(sets[0].Id, DutyType.SyncCommitteeMessage, slot), null, timeout.Token)) is not { } decided)
            return;
        await Data(context, new JsonObject { ["root"] = Root.FromBytes(decided).ToString() });
    }

    /// <summary>
    /// The aggregate of one committee: the request must name the decided attestation data (by its root, with the
    /// committee index put back); the holders then decide one aggregate for that committee and every client gets it.
    /// </summary>
    private async Task AggregateAsync(HttpContext context, bool versioned)
    {
        var query = context.Request.Query;
        if (!ulong.TryParse(query["slot"], NumberStyles.None, CultureInfo.InvariantCulture, out var slotValue)
            || !TryParseRoot(query["attestation_data_root"].ToString(), out var dataRoot))
        {
            await Answer(context, 400, "query parameters slot (unsigned integer) and attestation_data_root (0x and 64 hex digits) are required");
            return;
        }
        // v2 names the committee (electra's data has index 0, so its root does not): committee_index, when given.
        ulong? committee = null;
        if (versioned && query.ContainsKey("committee_index"))
        {
            if (!ulong.TryParse(query["committee_index"], NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c >= DutyInstances.MaxCommitteesPerSlot)
            {
                await Answer(context, 400, $"committee_index must be an unsigned integer below {DutyInstances.MaxCommitteesPerSlot}");
                return;
            }
            committee = c;
        }
        var slot = new Slot(slotValue);
        var sets = holderSets.All();
        using var timeout = Timeout(context);
        if (sets.Count == 0)
        {
            await ForwardAsync(context, timeout.Token);
            return;
        }
        // Which committee's data the client names, by the holders' decision: anything else is not to be aggregated.
        var instances = new List<InstanceId>();
        var electraInstances = new List<InstanceId>();
        foreach (var set in sets)
        {
            byte[] decided;
            try
            {
                decided = await consensus.DecideAsync(new InstanceId(set.Id, DutyType.Attester, slot), null, timeout.Token);
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                continue;
            }
            var data = AttestationValue.Decode(decided);
            if (committee is { } named && AttestationValue.ForCommittee(data, new CommitteeIndex(0)).HashTreeRoot() == dataRoot)
                electraInstances.Add(DutyInstances.Aggregate(set.Id, new CommitteeIndex(named), slot));
            for (ulong i = 0; i < DutyInstances.MaxCommitteesPerSlot; i++)
            {
                if (AttestationValue.ForCommittee(data, new CommitteeIndex(i)).HashTreeRoot() == dataRoot)
                    instances.Add(DutyInstances.Aggregate(set.Id, new CommitteeIndex(i), slot));
            }
        }
        if (instances.Count == 0 && electraInstances.Count == 0)
        {
            await Answer(context, 400, $"attestation_data_root {dataRoot} is not the attestation data the holders decided for slot {slotValue}");
            return;
        }
        var (status, body, _) = await beaconNode.RawGetAsync(context.Request.Path + context.Request.QueryString, timeout.Token);
        byte[]? input = null;
        string? version = null;
        JsonDocument? answer = status == 200 ? JsonDocument.Parse(body) : null;
        using (answer)
        {
            version = answer is not null && answer.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        // Electra and later: the committee is committee_index's, the value electra's container. Without the own beacon
        // node's answer, a v2 request naming a committee is taken as electra (the v2 call exists for electra).
        var electra = version is "electra" or "fulu" || (version is null && committee is not null);
        if (electra)
        {
            if (committee is null)
            {
                await Answer(context, 400, $"committee_index is required for {version ?? "electra"} aggregates");
                return;
            }
            instances = electraInstances;
            if (instances.Count == 0)
            {
                await Answer(context, 400, $"attestation_data_root {dataRoot} is not the attestation data the holders decided for slot {slotValue}");
                return;
            }
        }
        else if (instances.Count == 0)
        {
            await Answer(context, 400, $"attestation_data_root {dataRoot} is not the attestation data the holders decided for slot {slotValue}");
            return;
        }
        if (status == 200)
        {
            using var document = JsonDocument.Parse(body);
            var data = document.RootElement.GetProperty("data");
            input = electra
                ? AggregateValue.Encode((data.Deserialize<ElectraAttestation>(ConsensusJson.Options)
                    ?? throw new FormatException("beacon node: aggregate_attestation has no data")).ForPreset(preset))
                : AggregateValue.Encode(data.Deserialize<Attestation>(ConsensusJson.Options)
                    ?? throw new FormatException("beacon node: aggregate_attestation has no data"));
        }
        // Without its own beacon node's aggregate this holder follows the others' instance.
        if (await DecidedOrUnavailableAsync(context, "aggregate", slotValue,
                () => Task.WhenAll(instances.Select(instance => consensus.DecideAsync(instance, input, timeout.Token)))) is not { } decidedAggregates)
            return;
        var aggregate = AggregateValue.IsElectra(decidedAggregates[0])
            ? JsonSerializer.SerializeToNode(AggregateValue.DecodeElectra(decidedAggregates[0], preset), ConsensusJson.Options)!
            : JsonSerializer.SerializeToNode(AggregateValue.Decode(decidedAggregates[0]), ConsensusJson.Options)!;
        if (!versioned)
        {
            await Data(context, aggregate);
            return;
        }
        version ??= electra ? "electra" : "deneb";
        context.Response.Headers["Eth-Consensus-Version"] = version;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["version"] = version, ["data"] = aggregate }.ToJsonString());
    }

    /// <summary>The contribution of one sync subcommittee: only for the decided head root, then decided by the holders.</summary>
    private async Task ContributionAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (!ulong.TryParse(query["slot"], NumberStyles.None, CultureInfo.InvariantCulture, out var slotValue)
            || !ulong.TryParse(query["subcommittee_index"], NumberStyles.None, CultureInfo.InvariantCulture, out var subcommittee)
            || !TryParseRoot(query["beacon_block_root"].ToString(), out var blockRoot))
        {
            await Answer(context, 400, "query parameters slot, subcommittee_index (unsigned integers) and beacon_block_root (0x and 64 hex digits) are required");
            return;
        }
        if (subcommittee >= DutyInstances.SyncSubnetCount)
        {
            await Answer(context, 400, $"subcommittee_index {subcommittee} is not below SYNC_COMMITTEE_SUBNET_COUNT = {DutyInstances.SyncSubnetCount}");
            return;
        }
        var slot = new Slot(slotValue);
        var sets = holderSets.All();
        using var timeout = Timeout(context);
        if (sets.Count == 0)
        {
            await ForwardAsync(context, timeout.Token);
            return;
        }
        var instances = new List<InstanceId>();
        foreach (var set in sets)
        {
            try
            {
                var head = await consensus.DecideAsync(new InstanceId(set.Id, DutyType.SyncCommitteeMessage, slot), null, timeout.Token);
                if (head.AsSpan().SequenceEqual(blockRoot.AsSpan()))
                    instances.Add(DutyInstances.Contribution(set.Id, subcommittee, slot));
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
            }
        }
        if (instances.Count == 0)
        {
            await Answer(context, 400, $"beacon_block_root {blockRoot} is not the head root the holders decided for slot {slotValue}");
            return;
        }
        var (status, body, _) = await beaconNode.RawGetAsync(context.Request.Path + context.Request.QueryString, timeout.Token);
        byte[]? input = null;
        if (status == 200)
        {
            using var document = JsonDocument.Parse(body);
            input = ContributionValue.Encode(document.RootElement.GetProperty("data").Deserialize<SyncCommitteeContribution>(ConsensusJson.Options)
                ?? throw new FormatException("beacon node: sync_committee_contribution has no data"));
        }
        if (await DecidedOrUnavailableAsync(context, "contribution", slotValue,
                () => Task.WhenAll(instances.Select(instance => consensus.DecideAsync(instance, input, timeout.Token)))) is not { } decided)
            return;
        await Data(context, JsonSerializer.SerializeToNode(ContributionValue.Decode(decided[0], preset), ConsensusJson.Options)!);
    }

    /// <summary>
    /// The holders' decision, or null after answering 503 when they decided nothing within the request's timeout (the
    /// client asks again or skips the duty; it is never served data the holders did not agree on).
    /// </summary>
    private async Task<T?> DecidedOrUnavailableAsync<T>(HttpContext context, string what, ulong slot, Func<Task<T>> decide) where T : class
    {
        try
        {
            return await decide();
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            await Answer(context, 503, $"the holders decided no {what} for slot {slot} within {decisionTimeout.TotalSeconds} s");
            return null;
        }
    }

    private static bool TryParseRoot(string text, out Root root)
    {
        try
        {
            root = Root.Parse(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            root = default;
            return false;
        }
    }

    private async Task ForwardAsync(HttpContext context, CancellationToken ct)
    {
        var (status, body, contentType) = await beaconNode.RawGetAsync(context.Request.Path + context.Request.QueryString, ct);
        await Raw(context, status, body, contentType);
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
