using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Signing;

/// <summary>Signs this operator's QBFT messages with its registered key.</summary>
public interface IMessageSigner
{
    OperatorId Operator { get; }

    MessageSignature Sign(Sha256Digest digest);
}
