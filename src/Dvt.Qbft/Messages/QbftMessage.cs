using Dvt.Consensus.Primitives;
namespace Dvt.Qbft.Messages;

/// <summary>
/// The signed part of a QBFT message. <see cref="ValueHash"/> is the proposed / prepared / committed value's
/// SHA-256 (for ROUND-CHANGE the prepared value's, zero when not prepared); <see cref="PreparedRound"/> is
/// used by ROUND-CHANGE only (0 = not prepared). Values and justifications travel beside it in a
/// <see cref="QbftEnvelope"/> and are bound to it by hash and by their own signatures.
/// </summary>
public sealed record QbftMessage(
    MessageType Type,
    InstanceId Instance,
    OperatorId Sender,
    uint Round,
    Sha256Digest ValueHash,
    uint PreparedRound)
{
    public bool IsPrepared => Type == MessageType.RoundChange && PreparedRound != 0;
}
