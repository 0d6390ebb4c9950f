using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Keystores.KeyDerivation;

/// <summary>
/// EIP-2333 BLS12-381 key derivation: a master key from a seed, child keys through a Lamport one-time key
/// (so a leaked child key does not reveal its parent), HKDF-SHA256 throughout. Keys are 32-byte big-endian
/// integers in <see cref="SecretBytes"/>; intermediate secrets live in pinned buffers zeroed before return.
/// </summary>
public static class Eip2333KeyDerivation
{
    public const int MinSeedLength = 32;
    public const int SecretKeyLength = 32;

    /// <summary>L = ceil(3 * ceil(log2(r)) / 16) = 48 bytes, so the reduction mod r is close to uniform.</summary>
    private const int OkmLength = 48;

    private const int LamportChunks = 255;
    private const int ChunkLength = 32;

    private static readonly byte[] KeygenSalt = Encoding.ASCII.GetBytes("BLS-SIG-KEYGEN-SALT-");

    /// <summary>derive_master_SK(seed); the seed must be at least 32 bytes.</summary>
    public static SecretBytes DeriveMasterSecretKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length < MinSeedLength)
            throw new ArgumentException($"an EIP-2333 seed must be at least {MinSeedLength} bytes, got {seed.Length}", nameof(seed));
        return HkdfModR(seed, []);
    }

    /// <summary>derive_child_SK(parent_SK, index); <paramref name="parentSecretKey"/> is 32 bytes big-endian.</summary>
    public static SecretBytes DeriveChildSecretKey(ReadOnlySpan<byte> parentSecretKey, uint index)
    {
        Span<byte> compressedLamportPublicKey = stackalloc byte[ChunkLength];
        ParentSecretKeyToLamportPublicKey(parentSecretKey, index, compressedLamportPublicKey);
        return HkdfModR(compressedLamportPublicKey, []);
    }

    /// <summary>The key at <paramref name="path"/> below the master key of <paramref name="seed"/>.</summary>
    public static SecretBytes DerivePath(ReadOnlySpan<byte> seed, KeyPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var key = DeriveMasterSecretKey(seed);
        foreach (var index in path.Indices)
        {
            var child = DeriveChildSecretKey(key.Span, index);
            key.Dispose();
            key = child;
        }
        return key;
    }

    /// <summary>parent_SK_to_lamport_PK: the 32-byte compressed Lamport public key.</summary>
    internal static void ParentSecretKeyToLamportPublicKey(ReadOnlySpan<byte> parentSecretKey, uint index, Span<byte> compressedPublicKey)
    {
        if (parentSecretKey.Length != SecretKeyLength)
            throw new ArgumentException($"parent secret key must be {SecretKeyLength} bytes, got {parentSecretKey.Length}", nameof(parentSecretKey));
        Span<byte> salt = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(salt, index);

        var lamport = GC.AllocateArray<byte>(2 * LamportChunks * ChunkLength, pinned: true);
        var notIkm = GC.AllocateArray<byte>(SecretKeyLength, pinned: true);
        try
        {
            var lamport0 = lamport.AsSpan(0, LamportChunks * ChunkLength);
            var lamport1 = lamport.AsSpan(LamportChunks * ChunkLength);
            IkmToLamportSecretKey(parentSecretKey, salt, lamport0);
            for (var i = 0; i < SecretKeyLength; i++)
                notIkm[i] = (byte)~parentSecretKey[i];
            IkmToLamportSecretKey(notIkm, salt, lamport1);

            // Each Lamport secret chunk is replaced by its hash; the hashes are the (public) Lamport key.
            Span<byte> hash = stackalloc byte[ChunkLength];
            for (var i = 0; i < 2 * LamportChunks; i++)
            {
                var chunk = lamport.AsSpan(i * ChunkLength, ChunkLength);
                SHA256.HashData(chunk, hash);
                hash.CopyTo(chunk);
            }
            SHA256.HashData(lamport, compressedPublicKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(lamport);
            CryptographicOperations.ZeroMemory(notIkm);
        }
    }

    /// <summary>IKM_to_lamport_SK: 255 chunks of 32 bytes, HKDF-Expand(HKDF-Extract(salt, IKM), "", 8160).</summary>
    internal static void IkmToLamportSecretKey(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, Span<byte> lamportSecretKey)
    {
        if (lamportSecretKey.Length != LamportChunks * ChunkLength)
            throw new ArgumentException($"destination must be {LamportChunks * ChunkLength} bytes", nameof(lamportSecretKey));
        Span<byte> prk = stackalloc byte[ChunkLength];
        try
        {
            HKDF.Extract(HashAlgorithmName.SHA256, ikm, salt, prk);
            HKDF.Expand(HashAlgorithmName.SHA256, prk, lamportSecretKey, []);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(prk);
        }
    }

    /// <summary>HKDF_mod_r(IKM, key_info): hashes the salt again until the 48-byte output is non-zero mod r.</summary>
    internal static SecretBytes HkdfModR(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> keyInfo)
    {
        var ikmWithZero = GC.AllocateArray<byte>(ikm.Length + 1, pinned: true);
        var info = new byte[keyInfo.Length + 2];
        Span<byte> salt = stackalloc byte[ChunkLength];
        Span<byte> prk = stackalloc byte[ChunkLength];
        Span<byte> okm = stackalloc byte[OkmLength];
        try
        {
            ikm.CopyTo(ikmWithZero);
            keyInfo.CopyTo(info);
            BinaryPrimitives.WriteUInt16BigEndian(info.AsSpan(keyInfo.Length), OkmLength);
            SHA256.HashData(KeygenSalt, salt);
            while (true)
            {
                HKDF.Extract(HashAlgorithmName.SHA256, ikmWithZero, salt, prk);
                HKDF.Expand(HashAlgorithmName.SHA256, prk, okm, info);
                var scalar = Scalar.FromBigEndianReduced(okm);
                if (!scalar.IsZero)
                {
                    var key = new SecretBytes(SecretKeyLength);
                    scalar.WriteBigEndian(key.Writable);
                    return key;
                }
                SHA256.HashData(salt, prk);
                prk.CopyTo(salt);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ikmWithZero);
            CryptographicOperations.ZeroMemory(prk);
            CryptographicOperations.ZeroMemory(okm);
        }
    }
}
