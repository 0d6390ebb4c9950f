using Org.BouncyCastle.Math.EC;

namespace Dvt.Crypto.ShareEncryption;

/// <summary>
/// An operator's registered share-encryption key (also a dealer's per-deal ephemeral key):
/// a compressed secp256k1 point, checked to be on the curve and not infinity at construction.
/// </summary>
public sealed class ShareEncryptionPublicKey : IEquatable<ShareEncryptionPublicKey>
{
    public const int Length = Secp256k1.CompressedLength;

    private readonly byte[] _compressed;

    internal ShareEncryptionPublicKey(ECPoint point)
    {
        Point = point.Normalize();
        _compressed = Secp256k1.Encode(Point);
    }

    internal ECPoint Point { get; }

    public static ShareEncryptionPublicKey Decode(ReadOnlySpan<byte> compressed)
    {
        if (compressed.Length != Length)
            throw new FormatException($"share-encryption public key: expected {Length} bytes (compressed secp256k1), got {compressed.Length}");
        var point = Secp256k1.TryDecode(compressed)
            ?? throw new FormatException("share-encryption public key: not a valid compressed secp256k1 point");
        return new ShareEncryptionPublicKey(point);
    }

    public static bool TryDecode(ReadOnlySpan<byte> compressed, out ShareEncryptionPublicKey? key)
    {
        var point = Secp256k1.TryDecode(compressed);
        key = point is null ? null : new ShareEncryptionPublicKey(point);
        return key is not null;
    }

    public ReadOnlySpan<byte> Span => _compressed;

    public byte[] ToBytes() => (byte[])_compressed.Clone();

    public bool Equals(ShareEncryptionPublicKey? other) => other is not null && _compressed.AsSpan().SequenceEqual(other._compressed);

    public override bool Equals(object? obj) => Equals(obj as ShareEncryptionPublicKey);

    public override int GetHashCode() => BitConverter.ToInt32(_compressed, 1);

    public override string ToString() => "0x" + Convert.ToHexStringLower(_compressed);
}
