using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Consensus;

/// <summary>
/// Carries encoded QBFT envelopes to other holders (best effort: QBFT's round changes cover a lost message).
/// Received bytes go to <see cref="QbftDutyConsensus.ReceiveAsync"/>. The peer HTTP path of the signer is the
/// intended implementation.
/// </summary>
public interface IConsensusTransport
{
    Task SendAsync(OperatorId to, ReadOnlyMemory<byte> envelope, CancellationToken cancellationToken);
}
