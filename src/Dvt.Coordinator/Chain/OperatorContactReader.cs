using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Chain;

/// <summary>How peers reach an operator and encrypt shares to it, as of one block.</summary>
public sealed record OperatorContact(ulong OperatorId, byte[] ShareEncryptionKey, string Endpoint);

/// <summary>
/// Reads operators' share-encryption keys and endpoints, which the registry keeps in events only (so that registering
/// stays cheap): per operator, the latest of <c>OperatorRegistered</c>, <c>ShareEncryptionKeyRotated</c> and
/// <c>OperatorEndpointUpdated</c> at or before the block asked for, from eth_getLogs over the registry's life in ranges
/// of at most <paramref name="maxBlockRange"/> blocks (public nodes refuse wide ranges). A range the node refuses as too
/// wide or too large an answer is halved and asked again, down to one block; the narrower range is kept for the rest.
/// </summary>
public sealed class OperatorContactReader(DvtRegistryContract registry, BlockNumber registryStartBlock, ulong maxBlockRange = OperatorContactReader.DefaultMaxBlockRange)
{
    /// <summary>Blocks per eth_getLogs unless told otherwise: what most public nodes serve (10,000).</summary>
    public const ulong DefaultMaxBlockRange = 10_000;

    /// <summary>eth_getLogs calls this reader made (its ranges, including refused ones), for tests and diagnostics.</summary>
    public int LogRequests => logRequests;

    private int logRequests;

    private static readonly IReadOnlyList<Hash32> ContactTopics =
    [
        DvtRegistryContract.OperatorRegisteredEvent.Topic0,
        DvtRegistryContract.ShareEncryptionKeyRotatedEvent.Topic0,
        DvtRegistryContract.OperatorEndpointUpdatedEvent.Topic0,
    ];

    /// <summary>The contacts of <paramref name="operatorIds"/> (all operators when null) at block <paramref name="at"/>; an operator with no registration there is absent.</summary>
    public async Task<IReadOnlyDictionary<ulong, OperatorContact>> ReadAsync(IReadOnlyCollection<ulong>? operatorIds, BlockNumber at,
        CancellationToken ct)
    {
        IReadOnlyList<Hash32>? ids = operatorIds?.Select(IdTopic).ToArray();
        var filter = new LogFilter([registry.Address], [ContactTopics, ids]);
        var logs = await ReadLogsAsync(filter, at, ct).ConfigureAwait(false);
        var contacts = new Dictionary<ulong, OperatorContact>();
        foreach (var log in logs.Where(l => !l.Removed && l.Address == registry.Address && l.Topics.Count > 0 && l.BlockNumber.Value <= at.Value)
                     .OrderBy(l => l.BlockNumber.Value).ThenBy(l => l.LogIndex))
        {
            var topic = log.Topics[0];
            if (topic == DvtRegistryContract.OperatorRegisteredEvent.Topic0)
            {
                var registered = DvtRegistryContract.OperatorRegisteredEvent.Decode(log);
                contacts[registered.OperatorId] = new OperatorContact(registered.OperatorId, registered.ShareEncryptionKey, registered.Endpoint);
            }
            else if (topic == DvtRegistryContract.ShareEncryptionKeyRotatedEvent.Topic0)
            {
                var rotated = DvtRegistryContract.ShareEncryptionKeyRotatedEvent.Decode(log);
                if (contacts.TryGetValue(rotated.OperatorId, out var known))
                    contacts[rotated.OperatorId] = known with { ShareEncryptionKey = rotated.ShareEncryptionKey };
            }
            else if (topic == DvtRegistryContract.OperatorEndpointUpdatedEvent.Topic0)
            {
                var updated = DvtRegistryContract.OperatorEndpointUpdatedEvent.Decode(log);
                if (contacts.TryGetValue(updated.OperatorId, out var known))
                    contacts[updated.OperatorId] = known with { Endpoint = updated.Endpoint };
            }
        }
        return contacts;
    }

    /// <summary>The filter's logs from the registry's start block to <paramref name="at"/>, in bounded ranges.</summary>
    private async Task<List<LogEntry>> ReadLogsAsync(LogFilter filter, BlockNumber at, CancellationToken ct)
    {
        if (maxBlockRange == 0)
            throw new ArgumentOutOfRangeException(nameof(maxBlockRange), "the eth_getLogs block range must be at least 1 block");
        var logs = new List<LogEntry>();
        var range = maxBlockRange;
        var from = registryStartBlock.Value;
        while (from <= at.Value)
        {
            var to = at.Value - from < range ? at.Value : from + range - 1;
            Interlocked.Increment(ref logRequests);
            try
            {
                logs.AddRange(await registry.Rpc.GetLogsAsync(filter, new BlockNumber(from), new BlockNumber(to), ct).ConfigureAwait(false));
            }
            catch (RpcErrorException e) when (to > from && IsRangeRefusal(e))
            {
                range = (to - from + 1) / 2;
                continue;
            }
            if (to == ulong.MaxValue)
                break;
            from = to + 1;
        }
        return logs;
    }

    /// <summary>
    /// How nodes refuse a range: -32005 (limit exceeded), or a message about the block range, the number of results or the
    /// answer's size (geth "exceed maximum block range", Infura "query returned more than 10000 results", Alchemy "Log
    /// response size exceeded", others "block range is too large"). Any other error is the caller's.
    /// </summary>
    private static bool IsRangeRefusal(RpcErrorException e)
    {
        if (e.Code == -32005)
            return true;
        var message = e.NodeMessage;
        return message.Contains("range", StringComparison.OrdinalIgnoreCase)
            || message.Contains("more than", StringComparison.OrdinalIgnoreCase)
            || message.Contains("too many", StringComparison.OrdinalIgnoreCase)
            || message.Contains("response size", StringComparison.OrdinalIgnoreCase)
            || message.Contains("limit exceeded", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An indexed uint64 as its log topic: 32 bytes, big-endian.</summary>
    private static Hash32 IdTopic(ulong id)
    {
        var topic = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(topic.AsSpan(24), id);
        return new Hash32(topic);
    }
}
