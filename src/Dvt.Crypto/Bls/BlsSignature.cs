using Dvt.Consensus.Primitives;
namespace Dvt.Crypto.Bls;

/// <summary>
/// A decoded BLS signature: a G2 point, on the curve and in the subgroup (checked once at
/// construction). The identity is a valid group element and decodes; it never verifies.
/// </summary>
public sealed class BlsSignature : IEquatable<BlsSignature>
{
    public const int Length = 96;

    internal BlsSignature(G2Point point) => Point = point;

    public G2Point Point { get; }

    public static BlsSignature Decode(ReadOnlySpan<byte> compressed) => new(G2Point.Decode(compressed, "BLS signature"));

    public static BlsSignature Decode(BlsSignatureBytes bytes) => Decode(bytes.AsSpan());

    public static BlsSignature FromPoint(G2Point point) => new(point);

    /// <summary>Decodes the 192-byte uncompressed form (<see cref="ToUncompressed"/>), with the same checks as <see cref="Decode(ReadOnlySpan{byte})"/>.</summary>
    public static BlsSignature DecodeUncompressed(ReadOnlySpan<byte> uncompressed) => new(G2Point.DecodeUncompressed(uncompressed, "BLS signature"));

    /// <summary>The 192-byte uncompressed encoding: decoding it needs no square root.</summary>
    public byte[] ToUncompressed() => Point.ToUncompressed();

    public static bool TryDecode(ReadOnlySpan<byte> compressed, out BlsSignature? signature)
    {
        try
        {
            signature = Decode(compressed);
            return true;
        }
        catch (BlsEncodingException)
        {
            signature = null;
            return false;
        }
    }

    public ReadOnlySpan<byte> Span => Point.Bytes;

    public byte[] ToBytes() => Point.ToBytes();

    public BlsSignatureBytes Bytes => new(Point.Bytes);

    public bool Equals(BlsSignature? other) => other is not null && Point.Equals(other.Point);

    public override bool Equals(object? obj) => Equals(obj as BlsSignature);

    public override int GetHashCode() => Point.GetHashCode();

    public override string ToString() => Point.ToString();
}
