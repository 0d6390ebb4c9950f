using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Chain;

/// <summary>How peers reach an operator and encrypt shares to it, as of one block.</summary>
public sealed record OperatorContact(ulong OperatorId, byte[] ShareEncryptionKey, string Endpoint);

/// <summary>
/// Reads operators' share-encryption keys and endpoints, which the registry keeps in events only (so that registering
/// stays cheap): per operator, the latest of <c>OperatorRegistered</c>, <c>ShareEncryptionKeyRotated</c> and
/// <c>OperatorEndpointUpdated</c> at or before the block asked for, from one eth_getLogs over the registry's life.
/// </summary>
public sealed class OperatorContactReader(DvtRegistryContract registry, BlockNumber registryStartBlock)
{
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
        var logs = await registry.Rpc.GetLogsAsync(filter, registryStartBlock, at, ct).ConfigureAwait(false);
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

    /// <summary>An indexed uint64 as its log topic: 32 bytes, big-endian.</summary>
    private static Hash32 IdTopic(ulong id)
    {
        var topic = new byte[32];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(topic.AsSpan(24), id);
        return new Hash32(topic);
    }
}
