using Dvt.Consensus.Primitives;
using Dvt.Duties.Consensus;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Tests;

/// <summary>Delivers envelopes between consensus stages in one process; a holder marked down receives and sends nothing.</summary>
public sealed class InProcessConsensusTransport(OperatorId from, IReadOnlyDictionary<OperatorId, QbftDutyConsensus> stages, ISet<OperatorId> down)
    : IConsensusTransport
{
    public Task SendAsync(OperatorId to, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken)
    {
        if (!down.Contains(from) && !down.Contains(to) && stages.TryGetValue(to, out var stage))
            stage.Receive(envelope);
        return Task.CompletedTask;
    }
}
