using Dvt.ContractBindings.Signing;

namespace Dvt.ContractBindings.Transactions;

/// <summary>A signed transaction ready for eth_sendRawTransaction; Hash is keccak of the raw bytes.</summary>
public sealed record SignedTransaction(Eip1559Transaction Transaction, EcdsaSignature Signature, byte[] Raw, Hash32 Hash)
{
    /// <summary>The sender recovered from the signature.</summary>
    public Address RecoverSender() => Secp256k1.Recover(Transaction.SigningHash(), Signature);
}
