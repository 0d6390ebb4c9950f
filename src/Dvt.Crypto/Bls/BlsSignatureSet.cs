namespace Dvt.Crypto.Bls;

/// <summary>One (public key, message, signature) triple of a batch verification.</summary>
public sealed record BlsSignatureSet(BlsPublicKey PublicKey, ReadOnlyMemory<byte> Message, BlsSignature Signature);
