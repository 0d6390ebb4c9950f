using System.Globalization;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Ssz;

/// <summary>The ssz_static container types by their spec name: how to build one from value.yaml and how to decode one.</summary>
internal static class SszStaticTypes
{
    public sealed record Codec(Func<YamlFields, ISszValue> FromYaml, Func<byte[], ISszValue> Decode);

    public static readonly IReadOnlyDictionary<string, Codec> ByName = new Dictionary<string, Codec>
    {
        ["AttestationData"] = new(ReadAttestationData, b => AttestationData.Decode(b)),
        ["BeaconBlockHeader"] = new(y => new BeaconBlockHeader(
            new Slot(y.UInt64("slot")), new ValidatorIndex(y.UInt64("proposer_index")),
            y.Bytes<Root>("parent_root"), y.Bytes<Root>("state_root"), y.Bytes<Root>("body_root")), b => BeaconBlockHeader.Decode(b)),
        ["Checkpoint"] = new(ReadCheckpoint, b => Checkpoint.Decode(b)),
        ["DepositData"] = new(y => new DepositData(
            y.Bytes<BlsPublicKeyBytes>("pubkey"), y.Bytes<Bytes32>("withdrawal_credentials"),
            new Gwei(y.UInt64("amount")), y.Bytes<BlsSignatureBytes>("signature")), b => DepositData.Decode(b)),
        ["DepositMessage"] = new(y => new DepositMessage(
            y.Bytes<BlsPublicKeyBytes>("pubkey"), y.Bytes<Bytes32>("withdrawal_credentials"), new Gwei(y.UInt64("amount"))),
            b => DepositMessage.Decode(b)),
        ["Fork"] = new(y => new Fork(y.Bytes<ForkVersion>("previous_version"), y.Bytes<ForkVersion>("current_version"), new Epoch(y.UInt64("epoch"))),
            b => Fork.Decode(b)),
        ["ForkData"] = new(y => new ForkData(y.Bytes<ForkVersion>("current_version"), y.Bytes<Root>("genesis_validators_root")),
            b => ForkData.Decode(b)),
        ["SigningData"] = new(y => new SigningData(y.Bytes<Root>("object_root"), y.Bytes<Domain>("domain")), b => SigningData.Decode(b)),
        ["VoluntaryExit"] = new(y => new VoluntaryExit(new Epoch(y.UInt64("epoch")), new ValidatorIndex(y.UInt64("validator_index"))),
            b => VoluntaryExit.Decode(b)),
    };

    private static Checkpoint ReadCheckpoint(YamlFields y) => new(new Epoch(y.UInt64("epoch")), y.Bytes<Root>("root"));

    private static AttestationData ReadAttestationData(YamlFields y) => new(
        new Slot(y.UInt64("slot")), new CommitteeIndex(y.UInt64("index")), y.Bytes<Root>("beacon_block_root"),
        ReadCheckpoint(y.Map("source")), ReadCheckpoint(y.Map("target")));
}

/// <summary>A YAML mapping read strictly: every field must be present and consumed.</summary>
internal sealed class YamlFields(IDictionary<object, object> map, string where)
{
    private readonly HashSet<string> _read = [];

    public ulong UInt64(string name) => ulong.Parse(Scalar(name), NumberStyles.None, CultureInfo.InvariantCulture);

    public T Bytes<T>(string name) where T : struct, IFixedBytes<T> => T.Parse(Scalar(name));

    public YamlFields Map(string name) =>
        Get(name) is IDictionary<object, object> inner ? new YamlFields(inner, $"{where}.{name}") : throw new InvalidDataException($"{where}.{name} is not a mapping");

    /// <summary>Fails when the YAML has fields the container did not read (a field the model lacks).</summary>
    public void RequireAllRead()
    {
        var unread = map.Keys.Select(k => (string)k).Where(k => !_read.Contains(k)).ToList();
        if (unread.Count > 0)
            throw new InvalidDataException($"{where} has fields the container lacks: {string.Join(", ", unread)}");
    }

    private string Scalar(string name) => Get(name) as string ?? throw new InvalidDataException($"{where}.{name} is not a scalar");

    private object Get(string name)
    {
        if (!map.TryGetValue(name, out var value))
            throw new InvalidDataException($"{where} lacks field {name}");
        _read.Add(name);
        return value;
    }
}
