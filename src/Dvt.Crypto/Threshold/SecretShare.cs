using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Threshold;

/// <summary>A Shamir share of a validator key: (index, s_i). Disposing zeroes the key.</summary>
public sealed class SecretShare : IDisposable
{
    public SecretShare(ShareIndex index, BlsSecretKey key)
    {
        Index = index;
        Key = key;
    }

    public ShareIndex Index { get; }

    public BlsSecretKey Key { get; }

    public PublicShare PublicShare => new(Index, Key.PublicKey);

    public PartialSignature Sign(ReadOnlySpan<byte> message) => new(Index, Key.Sign(message));

    public PartialSignature Sign(HashedMessage message) => new(Index, Key.Sign(message));

    public void Dispose() => Key.Dispose();

    public override string ToString() => $"SecretShare({Index}, redacted)";
}
