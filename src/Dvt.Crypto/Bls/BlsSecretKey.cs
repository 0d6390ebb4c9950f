using System.Numerics;
using System.Security.Cryptography;
using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// A BLS secret key: an integer in [1, r). Held in a pinned buffer (so the GC never leaves copies
/// behind), zeroed on <see cref="Dispose"/>, never printed. Using a disposed key throws.
/// </summary>
public sealed unsafe class BlsSecretKey : IDisposable
{
    public const int Length = 32;

    // blst_scalar form (little-endian), the form blst's sign and key-derivation calls read.
    private readonly byte[] _scalar = GC.AllocateArray<byte>(Length, pinned: true);
    private BlsPublicKey? _publicKey;
    private bool _disposed;

    private BlsSecretKey()
    {
    }

    /// <summary>From a 32-byte big-endian integer (EIP-2333 and EIP-2335 output); refuses 0 and values &gt;= r.</summary>
    public static BlsSecretKey FromBigEndian(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != Length)
            throw new BlsEncodingException("BLS secret key", BlsEncodingFailure.WrongLength, $"expected {Length} bytes, got {scalar.Length}");
        var key = new BlsSecretKey();
        fixed (byte* s = key._scalar)
        fixed (byte* input = scalar)
        {
            Blst.blst_scalar_from_bendian((BlstScalar*)s, input);
            if (!Blst.blst_sk_check((BlstScalar*)s))
            {
                var zero = !scalar.ContainsAnyExcept((byte)0);
                key.Dispose();
                throw zero
                    ? new BlsEncodingException("BLS secret key", BlsEncodingFailure.ZeroScalar, "the secret key is zero")
                    : new BlsEncodingException("BLS secret key", BlsEncodingFailure.NotCanonicalScalar, "the secret key is not below the group order r");
            }
        }
        return key;
    }

    /// <summary>From an integer taken mod r (e.g. interop keys int_le(sha256(uint256_le(i))) mod r); refuses a zero result.</summary>
    public static BlsSecretKey FromInteger(BigInteger value) => FromScalar(Scalar.FromInteger(value));

    /// <summary>A fresh uniformly random key from the OS CSPRNG.</summary>
    public static BlsSecretKey Generate() => FromScalar(Scalar.RandomNonZero());

    /// <summary>From a field element (a Shamir share or a recombined key); refuses zero.</summary>
    public static BlsSecretKey FromScalar(Scalar value)
    {
        if (value.IsZero)
            throw new BlsEncodingException("BLS secret key", BlsEncodingFailure.ZeroScalar, "the secret key is zero");
        var key = new BlsSecretKey();
        var s = value.ToBlstScalar();
        new ReadOnlySpan<byte>(&s, Length).CopyTo(key._scalar);
        new Span<byte>(&s, Length).Clear();
        return key;
    }

    /// <summary>The key as a field element, for Shamir splitting and recombination.</summary>
    public Scalar ToScalar()
    {
        ThrowIfDisposed();
        BlstFr fr;
        fixed (byte* s = _scalar)
            Blst.blst_fr_from_scalar(&fr, (BlstScalar*)s);
        return new Scalar(fr);
    }

    /// <summary>Writes the 32-byte big-endian form (for keystores); the caller zeroes the destination after use.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        ThrowIfDisposed();
        if (destination.Length != Length)
            throw new ArgumentException($"destination must be {Length} bytes, got {destination.Length}", nameof(destination));
        fixed (byte* s = _scalar)
        fixed (byte* d = destination)
            Blst.blst_bendian_from_scalar(d, (BlstScalar*)s);
    }

    public BlsPublicKey PublicKey
    {
        get
        {
            ThrowIfDisposed();
            if (_publicKey is null)
            {
                BlstP1 p;
                fixed (byte* s = _scalar)
                    Blst.blst_sk_to_pk_in_g1(&p, (BlstScalar*)s);
                _publicKey = new BlsPublicKey(G1Point.FromJacobian(p));
            }
            return _publicKey;
        }
    }

    /// <summary>Sign(SK, message) of the POP ciphersuite: SK * hash_to_G2(message, DST).</summary>
    public BlsSignature Sign(ReadOnlySpan<byte> message)
    {
        ThrowIfDisposed();
        return Sign(HashedMessage.Of(message));
    }

    /// <summary>Sign(SK, message) with the message already hashed to G2 (the same signature as <see cref="Sign(ReadOnlySpan{byte})"/>).</summary>
    public BlsSignature Sign(HashedMessage message)
    {
        ThrowIfDisposed();
        var h = message.Point;
        fixed (byte* s = _scalar)
            Blst.blst_sign_pk_in_g1(&h, &h, (BlstScalar*)s);
        return new BlsSignature(G2Point.FromJacobian(h));
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_scalar);
        _disposed = true;
        GC.SuppressFinalize(this);
    }

    // A key that was never disposed is still wiped before its memory is reused.
    ~BlsSecretKey() => CryptographicOperations.ZeroMemory(_scalar);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public override string ToString() => "BlsSecretKey(redacted)";
}
