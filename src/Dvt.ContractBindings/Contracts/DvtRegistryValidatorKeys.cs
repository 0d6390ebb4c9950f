using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Contracts;

/// <summary>A validator's public key as the registry's <c>PublicKeySet</c> event carried it (empty while it has none).</summary>
public sealed record ValidatorPublicKey(ulong ValidatorId, byte[] PublicKey, ulong SetAtBlock);

/// <summary>
/// Validators' public keys. The registry keeps a key in events only (storing its 48 bytes would cost two fresh slots per
/// validator): state holds the block of the validator's <c>PublicKeySet</c> event (<c>publicKeyBlock</c>) and the key's
/// hash index (<c>validatorOfPublicKey</c>), so a key is one view and one single-block eth_getLogs away, never a scan of
/// the registry's life (which public nodes refuse over wide ranges).
/// </summary>
public sealed partial class DvtRegistryContract
{
    /// <summary>Length of a compressed BLS12-381 G1 public key.</summary>
    private const int PublicKeyLength = 48;

    /// <summary>The validator's public key at <paramref name="block"/>: <c>publicKeyBlock</c>, then that block's <c>PublicKeySet</c>.</summary>
    public async Task<ValidatorPublicKey> GetValidatorKeyAsync(ulong validatorId, BlockTag block = default, CancellationToken ct = default)
    {
        var setAt = await PublicKeyBlockAsync(validatorId, block, ct).ConfigureAwait(false);
        var keys = await ReadPublicKeysAsync([(validatorId, setAt)], ct).ConfigureAwait(false);
        return keys[validatorId];
    }

    /// <summary>
    /// The keys of validators whose <c>publicKeyBlock</c> is known (0: no key yet, answered without a call): one
    /// eth_getLogs per distinct block, all in one JSON-RPC batch. A key the block does not carry (the chain was
    /// reorganised between the view and the logs, or a node that lost the logs) is an <see cref="InvalidOperationException"/>
    /// naming the validator and the block; a log whose key is not 48 bytes is one too.
    /// </summary>
    public async Task<IReadOnlyDictionary<ulong, ValidatorPublicKey>> ReadPublicKeysAsync(
        IReadOnlyCollection<(ulong ValidatorId, ulong SetAtBlock)> validators, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(validators);
        var keys = new Dictionary<ulong, ValidatorPublicKey>();
        foreach (var (id, at) in validators.Where(v => v.SetAtBlock == 0))
            keys[id] = new ValidatorPublicKey(id, [], 0);
        var byBlock = validators.Where(v => v.SetAtBlock != 0).GroupBy(v => v.SetAtBlock).ToArray();
        if (byBlock.Length == 0)
            return keys;
        var requests = byBlock.Select(g =>
        {
            var filter = new LogFilter([Address], [[PublicKeySetEvent.Topic0], g.Select(v => IdTopic(v.ValidatorId)).Distinct().ToArray()]);
            var block = new BlockNumber(g.Key);
            return new RpcRequest("eth_getLogs", filter.ToJson(block, block));
        }).ToArray();
        var answers = await Rpc.BatchAsync(requests, ct).ConfigureAwait(false);
        for (var i = 0; i < byBlock.Length; i++)
        {
            var wanted = byBlock[i].Select(v => v.ValidatorId).ToHashSet();
            foreach (var json in answers[i].GetResultOrThrow().EnumerateArray())
            {
                var log = LogEntry.FromJson(json);
                if (log.Removed || log.Address != Address || log.BlockNumber.Value != byBlock[i].Key || log.Topics.Count == 0
                    || log.Topics[0] != PublicKeySetEvent.Topic0)
                    continue;
                var set = PublicKeySetEvent.Decode(log);
                if (!wanted.Contains(set.ValidatorId))
                    continue;
                if (set.PublicKey.Length != PublicKeyLength)
                    throw new InvalidOperationException(
                        $"validator {set.ValidatorId}: its PublicKeySet event in block {byBlock[i].Key} carries {set.PublicKey.Length} bytes, not a {PublicKeyLength}-byte key");
                keys[set.ValidatorId] = new ValidatorPublicKey(set.ValidatorId, set.PublicKey, byBlock[i].Key);
            }
            foreach (var id in wanted.Where(id => !keys.ContainsKey(id)))
                throw new InvalidOperationException(
                    $"validator {id}: the registry says its key was set in block {byBlock[i].Key}, but that block has no PublicKeySet event of it (reorganised since, or the node lacks the logs)");
        }
        return keys;
    }

    /// <summary>An indexed uint64 as its log topic: 32 bytes, big-endian.</summary>
    private static Hash32 IdTopic(ulong id)
    {
        var topic = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(topic.AsSpan(24), id);
        return new Hash32(topic);
    }
}
