using System.Security.Cryptography;

namespace Dvt.Crypto.Keystores;

/// <summary>PBKDF2 with HMAC-SHA256 (prf "hmac-sha256", the only one EIP-2335 names).</summary>
public sealed record Pbkdf2Parameters : KdfParameters
{
    public const string Prf = "hmac-sha256";

    /// <summary>Refuses keystores that would keep the CPU busy for minutes.</summary>
    public const int MaxIterations = 10_000_000;

    private readonly byte[] _salt;

    public Pbkdf2Parameters(int iterations, ReadOnlySpan<byte> salt)
    {
        if (iterations < 1 || iterations > MaxIterations)
            throw new KeystoreFormatException("crypto.kdf.params.c", $"must be 1..{MaxIterations}, got {iterations}");
        if (salt.IsEmpty)
            throw new KeystoreFormatException("crypto.kdf.params.salt", "is empty");
        Iterations = iterations;
        _salt = salt.ToArray();
    }

    public int Iterations { get; }

    public override string Function => "pbkdf2";

    public override ReadOnlyMemory<byte> Salt => _salt;

    public override SecretBytes DeriveKey(ReadOnlySpan<byte> processedPassword)
    {
        var key = new SecretBytes(DerivedKeyLength);
        Rfc2898DeriveBytes.Pbkdf2(processedPassword, _salt, key.Writable, Iterations, HashAlgorithmName.SHA256);
        return key;
    }

    public bool Equals(Pbkdf2Parameters? other) => other is not null && Iterations == other.Iterations && _salt.AsSpan().SequenceEqual(other._salt);

    public override int GetHashCode() => HashCode.Combine(Iterations, _salt.Length);
}
