using System.Security.Cryptography;

namespace Dvt.ContractBindings.Signing;

/// <summary>
/// An operator's secp256k1 signing key. Validated on construction (0 &lt; d &lt; n), wiped on Dispose,
/// never printed: ToString shows only the address.
/// </summary>
public sealed class EthereumPrivateKey : IDisposable
{
    private readonly byte[] secret;
    private bool disposed;

    public EthereumPrivateKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32)
            throw new ArgumentException($"a secp256k1 private key is 32 bytes, got {secret.Length}", nameof(secret));
        if (!Secp256k1.IsValidSecret(secret))
            throw new ArgumentException("private key is zero or not below the curve order", nameof(secret));
        this.secret = secret.ToArray();
        PublicKey = Secp256k1.PublicKey(this.secret);
        Address = Secp256k1.AddressOf(PublicKey);
    }

    /// <summary>A fresh random key from the OS CSPRNG.</summary>
    public static EthereumPrivateKey Generate()
    {
        Span<byte> candidate = stackalloc byte[32];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(candidate);
                if (Secp256k1.IsValidSecret(candidate))
                    return new EthereumPrivateKey(candidate);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    /// <summary>Parses a hex private key (with or without 0x); meant for test keys such as anvil's defaults.</summary>
    public static EthereumPrivateKey FromHex(string hex)
    {
        var bytes = Hex.DecodeLenient(hex, "private key");
        try
        {
            return new EthereumPrivateKey(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public Address Address { get; }

    /// <summary>64-byte uncompressed public key (x || y).</summary>
    public byte[] PublicKey { get; }

    public EcdsaSignature Sign(ReadOnlySpan<byte> messageHash)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return Secp256k1.Sign(messageHash, secret, PublicKey);
    }

    /// <summary>Copies the secret out (for writing a keystore); the caller must wipe the copy.</summary>
    public byte[] ExportSecret()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return secret.ToArray();
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(secret);
        disposed = true;
    }

    public override string ToString() => $"EthereumPrivateKey({Address})";
}
