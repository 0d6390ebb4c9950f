using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// What each receiver acknowledges: the group public key and keccak256 of the n public shares.
/// Serialised deterministically as groupPublicKey (48) || publicSharesHash (32).
/// </summary>
public sealed record RoundAck
{
    public const int HashLength = 32;
    public const int Length = BlsPublicKeyBytes.ByteLength + HashLength;

    private readonly byte[] _publicSharesHash;

    public RoundAck(BlsPublicKeyBytes groupPublicKey, ReadOnlySpan<byte> publicSharesHash)
    {
        if (publicSharesHash.Length != HashLength)
            throw new ArgumentException($"publicSharesHash is {HashLength} bytes, got {publicSharesHash.Length}", nameof(publicSharesHash));
        GroupPublicKey = groupPublicKey;
        _publicSharesHash = publicSharesHash.ToArray();
    }

    public BlsPublicKeyBytes GroupPublicKey { get; }

    public ReadOnlySpan<byte> PublicSharesHash => _publicSharesHash;

    public byte[] Encode()
    {
        var output = new byte[Length];
        GroupPublicKey.AsSpan().CopyTo(output);
        _publicSharesHash.CopyTo(output, BlsPublicKeyBytes.Length);
        return output;
    }

    public static RoundAck Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new MalformedMessageException("ack", $"expected {Length} bytes (groupPublicKey 48 || publicSharesHash 32), got {bytes.Length}");
        return new RoundAck(new BlsPublicKeyBytes(bytes[..BlsPublicKeyBytes.Length]), bytes[BlsPublicKeyBytes.Length..]);
    }

    public bool Equals(RoundAck? other) => other is not null && GroupPublicKey == other.GroupPublicKey && _publicSharesHash.AsSpan().SequenceEqual(other._publicSharesHash);

    public override int GetHashCode() => GroupPublicKey.GetHashCode();
}
