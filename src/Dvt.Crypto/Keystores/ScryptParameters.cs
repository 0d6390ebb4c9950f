using System.Numerics;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Generators;

namespace Dvt.Crypto.Keystores;

/// <summary>scrypt (RFC 7914). Limits refuse keystores that would ask for more than 2 GiB or absurd parallelism.</summary>
public sealed record ScryptParameters : KdfParameters
{
    public const long MaxMemoryBytes = 2L << 30;

    private readonly byte[] _salt;

    public ScryptParameters(int n, int r, int p, ReadOnlySpan<byte> salt)
    {
        if (n < 2 || !BitOperations.IsPow2(n))
            throw new KeystoreFormatException("crypto.kdf.params.n", $"must be a power of two above 1, got {n}");
        if (r < 1 || p < 1 || p > 16)
            throw new KeystoreFormatException("crypto.kdf.params", $"r must be >= 1 and p in 1..16, got r={r}, p={p}");
        if (128L * r * n > MaxMemoryBytes)
            throw new KeystoreFormatException("crypto.kdf.params", $"n={n}, r={r} needs {128L * r * n >> 20} MiB, more than the {MaxMemoryBytes >> 20} MiB allowed");
        if (salt.IsEmpty)
            throw new KeystoreFormatException("crypto.kdf.params.salt", "is empty");
        N = n;
        R = r;
        P = p;
        _salt = salt.ToArray();
    }

    public int N { get; }

    public int R { get; }

    public int P { get; }

    public override string Function => "scrypt";

    public override ReadOnlyMemory<byte> Salt => _salt;

    public override SecretBytes DeriveKey(ReadOnlySpan<byte> processedPassword)
    {
        // BouncyCastle takes arrays: a pinned copy of the password, zeroed as soon as scrypt returns.
        var password = GC.AllocateArray<byte>(processedPassword.Length, pinned: true);
        byte[]? derived = null;
        try
        {
            processedPassword.CopyTo(password);
            derived = SCrypt.Generate(password, _salt, N, R, P, DerivedKeyLength);
            return SecretBytes.CopyOf(derived);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(password);
            if (derived is not null)
                CryptographicOperations.ZeroMemory(derived);
        }
    }

    public bool Equals(ScryptParameters? other) =>
        other is not null && N == other.N && R == other.R && P == other.P && _salt.AsSpan().SequenceEqual(other._salt);

    public override int GetHashCode() => HashCode.Combine(N, R, P, _salt.Length);
}
