using Dvt.Consensus.Primitives;
using Dvt.ContractBindings.Signing;
using Dvt.Qbft.Messages;
using Dvt.Qbft.Signing;

namespace Dvt.Qbft.RegistryKeys;

/// <summary>
/// Signs QBFT messages with this operator's registered Ethereum key: low-s secp256k1 r || s from a key held for every
/// message (<see cref="Secp256k1SigningKey"/>, the solution's one secp256k1 signer; the recovery bit it also finds is
/// not sent: the verifier keeps each operator's key after its first message).
/// </summary>
public sealed class OperatorKeyMessageSigner(OperatorId operatorId, EthereumPrivateKey key) : IMessageSigner, IDisposable
{
    private readonly Secp256k1SigningKey _signingKey = Secp256k1SigningKey.From(key);

    public OperatorId Operator { get; } = operatorId;

    public MessageSignature Sign(Sha256Digest digest) => new(_signingKey.Sign(digest.AsSpan()).ToRsv().AsSpan(0, MessageSignature.Length));

    public void Dispose() => _signingKey.Dispose();
}
