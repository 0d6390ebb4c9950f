using Dvt.Consensus.Primitives;
using Dvt.Qbft.Messages;

namespace Dvt.Qbft.Signing;

/// <summary>
/// Tells whether a signature over a digest was made by the key the registry records for an operator.
/// Unknown operators and malformed signatures are false, never an exception.
/// </summary>
public interface IMessageVerifier
{
    bool IsSignedBy(OperatorId signer, Sha256Digest digest, MessageSignature signature);
}
