using System.Text.Json;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Containers.Blocks;
using Dvt.Consensus.Json;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Signing.Web3Signer;

/// <summary>
/// Reads the body of POST /api/v1/eth2/sign/{identifier}. Strict: the fields of the request's type and nothing
/// else, every object checked by <see cref="ConsensusJson.Options"/>; errors name the field.
/// </summary>
public static class SignRequestParser
{
    /// <summary>Block versions whose full block the signer can hash; later forks must send block_header.</summary>
    private static readonly string[] FullBlockVersions = ["PHASE0", "ALTAIR"];

    private static readonly string[] KnownVersions = ["PHASE0", "ALTAIR", "BELLATRIX", "CAPELLA", "DENEB", "ELECTRA", "FULU"];

    public static SignRequest Parse(ReadOnlySpan<byte> json, ConsensusPreset preset)
    {
        ArgumentNullException.ThrowIfNull(preset);
        JsonDocument document;
        try
        {
            // The whole body must be one JSON value: anything after it is refused, not ignored.
            var reader = new Utf8JsonReader(json);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                throw new SignRequestFormatException("(body)", $"has content after the JSON value at byte {reader.TokenStartIndex}");
            }
        }
        catch (JsonException e)
        {
            throw new SignRequestFormatException("(body)", $"is not JSON: {e.Message}", e);
        }
        using (document)
            return Parse(document.RootElement, preset);
    }

    public static SignRequest Parse(JsonElement body, ConsensusPreset preset)
    {
        if (body.ValueKind != JsonValueKind.Object)
            throw new SignRequestFormatException("(body)", $"must be an object, got {body.ValueKind}");
        var typeName = Read<string>(body, "type");
        if (!SignRequestTypes.TryParse(typeName, out var type))
            throw new SignRequestFormatException("type", $"\"{typeName}\" is not a supported request type");

        var payloadField = SignRequestTypes.PayloadField(type);
        var needsForkInfo = SignRequestTypes.NeedsForkInfo(type);
        // Web3Signer's field is "signingRoot"; some signers' clients write "signing_root", so either is read (not both).
        string[] allowed = needsForkInfo
            ? ["type", "signingRoot", "signing_root", "fork_info", payloadField]
            : ["type", "signingRoot", "signing_root", payloadField];
        foreach (var property in body.EnumerateObject())
        {
            if (Array.IndexOf(allowed, property.Name) < 0)
                throw new SignRequestFormatException(property.Name, $"is not a field of a {typeName} request");
        }

        var claimField = body.TryGetProperty("signingRoot", out _) ? "signingRoot" : "signing_root";
        if (claimField == "signingRoot" && body.TryGetProperty("signing_root", out _))
            throw new SignRequestFormatException("signing_root", "given together with signingRoot");
        Root? claimed = body.TryGetProperty(claimField, out _) ? Read<Root>(body, claimField) : null;
        var forkInfo = needsForkInfo ? Read<ForkInfo>(body, "fork_info") : null;

        return type switch
        {
            SignRequestType.AggregationSlot => new AggregationSlotRequest(forkInfo!, claimed, ReadNested<Slot>(body, payloadField, "slot")),
            SignRequestType.AggregateAndProof => new AggregateAndProofRequest(forkInfo!, claimed, Read<AggregateAndProof>(body, payloadField)),
            SignRequestType.Attestation => new AttestationRequest(forkInfo!, claimed, Read<AttestationData>(body, payloadField)),
            SignRequestType.BlockV2 => ReadBlock(Required(body, payloadField), forkInfo!, claimed, preset),
            SignRequestType.Deposit => ReadDeposit(Required(body, payloadField), claimed),
            SignRequestType.RandaoReveal => new RandaoRevealRequest(forkInfo!, claimed, ReadNested<Epoch>(body, payloadField, "epoch")),
            SignRequestType.VoluntaryExit => new VoluntaryExitRequest(forkInfo!, claimed, Read<VoluntaryExit>(body, payloadField)),
            SignRequestType.SyncCommitteeMessage => ReadSyncCommitteeMessage(Required(body, payloadField), forkInfo!, claimed),
            SignRequestType.SyncCommitteeSelectionProof =>
                new SyncCommitteeSelectionProofRequest(forkInfo!, claimed, Read<SyncAggregatorSelectionData>(body, payloadField)),
            SignRequestType.SyncCommitteeContributionAndProof => ReadContribution(body, payloadField, forkInfo!, claimed, preset),
            SignRequestType.ValidatorRegistration => new ValidatorRegistrationRequest(claimed, Read<ValidatorRegistration>(body, payloadField)),
            SignRequestType.AggregateAndProofV2 => ReadVersionedAggregate(Required(body, payloadField), forkInfo!, claimed, preset),
            _ => throw new SignRequestFormatException("type", $"\"{typeName}\" is not handled"),
        };
    }

    private static BlockRequest ReadBlock(JsonElement beaconBlock, ForkInfo forkInfo, Root? claimed, ConsensusPreset preset)
    {
        const string Field = "beacon_block";
        if (beaconBlock.ValueKind != JsonValueKind.Object)
            throw new SignRequestFormatException(Field, "must be an object");
        var version = Read<string>(beaconBlock, "version", Field);
        if (Array.IndexOf(KnownVersions, version) < 0)
            throw new SignRequestFormatException($"{Field}.version", $"\"{version}\" is not a known fork");
        var hasBlock = beaconBlock.TryGetProperty("block", out _);
        var hasHeader = beaconBlock.TryGetProperty("block_header", out _);
        foreach (var property in beaconBlock.EnumerateObject())
        {
            if (property.Name is not ("version" or "block" or "block_header"))
                throw new SignRequestFormatException($"{Field}.{property.Name}", "is not a field of beacon_block");
        }
        if (hasBlock == hasHeader)
            throw new SignRequestFormatException(Field, "must have exactly one of block and block_header");
        if (hasHeader)
            return new BlockRequest(forkInfo, claimed, version, Read<BeaconBlockHeader>(beaconBlock, "block_header", Field));
        if (Array.IndexOf(FullBlockVersions, version) < 0)
            throw new SignRequestFormatException($"{Field}.block", $"a full {version} block is not supported: send block_header (as clients do from BELLATRIX on)");

        BeaconBlockHeader header;
        if (version == "PHASE0")
        {
            header = Read<BeaconBlock<Phase0BeaconBlockBody>>(beaconBlock, "block", Field).ToHeader();
        }
        else
        {
            var block = Read<BeaconBlock<AltairBeaconBlockBody>>(beaconBlock, "block", Field);
            Check(() => block.Body.SyncAggregate.CheckPreset(preset), $"{Field}.block.body.sync_aggregate");
            header = block.ToHeader();
        }
        return new BlockRequest(forkInfo, claimed, version, header);
    }

    private static SignRequest ReadVersionedAggregate(JsonElement versioned, ForkInfo forkInfo, Root? claimed, ConsensusPreset preset)
    {
        const string Field = "aggregate_and_proof";
        if (versioned.ValueKind != JsonValueKind.Object)
            throw new SignRequestFormatException(Field, "must be an object");
        foreach (var property in versioned.EnumerateObject())
        {
            if (property.Name is not ("version" or "data"))
                throw new SignRequestFormatException($"{Field}.{property.Name}", "is not a field of a versioned aggregate_and_proof");
        }
        var version = Read<string>(versioned, "version", Field);
        var index = Array.IndexOf(KnownVersions, version);
        if (index < 0)
            throw new SignRequestFormatException($"{Field}.version", $"\"{version}\" is not a known fork");
        if (index < Array.IndexOf(KnownVersions, "ELECTRA"))
            return new AggregateAndProofRequest(forkInfo, claimed, Read<AggregateAndProof>(versioned, "data", Field), version);
        var electra = Read<ElectraAggregateAndProof>(versioned, "data", Field);
        Check(() => electra = new ElectraAggregateAndProof(electra.AggregatorIndex, electra.Aggregate.ForPreset(preset), electra.SelectionProof), $"{Field}.data.aggregate.committee_bits");
        Check(() => electra.Aggregate.CheckPreset(preset), $"{Field}.data.aggregate.committee_bits");
        return new ElectraAggregateAndProofRequest(forkInfo, claimed, version, electra);
    }

    private static DepositRequest ReadDeposit(JsonElement deposit, Root? claimed)
    {
        const string Field = "deposit";
        if (deposit.ValueKind != JsonValueKind.Object)
            throw new SignRequestFormatException(Field, "must be an object");
        foreach (var property in deposit.EnumerateObject())
        {
            if (property.Name is not ("pubkey" or "withdrawal_credentials" or "amount" or "genesis_fork_version"))
                throw new SignRequestFormatException($"{Field}.{property.Name}", "is not a field of deposit");
        }
        var message = new DepositMessage(
            Read<BlsPublicKeyBytes>(deposit, "pubkey", Field),
            Read<Bytes32>(deposit, "withdrawal_credentials", Field),
            Read<Gwei>(deposit, "amount", Field));
        return new DepositRequest(claimed, message, Read<ForkVersion>(deposit, "genesis_fork_version", Field));
    }

    private static SyncCommitteeMessageRequest ReadSyncCommitteeMessage(JsonElement message, ForkInfo forkInfo, Root? claimed)
    {
        const string Field = "sync_committee_message";
        if (message.ValueKind != JsonValueKind.Object)
            throw new SignRequestFormatException(Field, "must be an object");
        foreach (var property in message.EnumerateObject())
        {
            if (property.Name is not ("slot" or "beacon_block_root"))
                throw new SignRequestFormatException($"{Field}.{property.Name}", "is not a field of sync_committee_message");
        }
        return new SyncCommitteeMessageRequest(forkInfo, claimed, Read<Slot>(message, "slot", Field), Read<Root>(message, "beacon_block_root", Field));
    }

    private static SyncCommitteeContributionAndProofRequest ReadContribution(
        JsonElement body, string field, ForkInfo forkInfo, Root? claimed, ConsensusPreset preset)
    {
        var contribution = Read<ContributionAndProof>(body, field);
        Check(() => contribution.Contribution.CheckPreset(preset), $"{field}.contribution.aggregation_bits");
        return new SyncCommitteeContributionAndProofRequest(forkInfo, claimed, contribution);
    }

    /// <summary>An object with one field (aggregation_slot.slot, randao_reveal.epoch).</summary>
    /// <summary>A field that must be present; its absence is a format error naming it, not a KeyNotFoundException.</summary>
    private static JsonElement Required(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var element) ? element : throw new SignRequestFormatException(name, "is missing");

    private static T ReadNested<T>(JsonElement body, string field, string inner)
    {
        var element = Required(body, field);
        if (element.ValueKind != JsonValueKind.Object)
            throw new SignRequestFormatException(field, "must be an object");
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name != inner)
                throw new SignRequestFormatException($"{field}.{property.Name}", $"is not a field of {field}");
        }
        return Read<T>(element, inner, field);
    }

    private static T Read<T>(JsonElement parent, string name, string? parentPath = null)
    {
        var path = parentPath is null ? name : $"{parentPath}.{name}";
        if (!parent.TryGetProperty(name, out var element))
            throw new SignRequestFormatException(path, "is missing");
        try
        {
            return element.Deserialize<T>(ConsensusJson.Options) ?? throw new SignRequestFormatException(path, "is null");
        }
        catch (JsonException e)
        {
            throw new SignRequestFormatException(path, e.Message, e);
        }
        catch (ArgumentException e)
        {
            throw new SignRequestFormatException(path, e.Message, e);
        }
    }

    private static void Check(Action check, string path)
    {
        try
        {
            check();
        }
        catch (ArgumentException e)
        {
            throw new SignRequestFormatException(path, e.Message, e);
        }
    }
}
