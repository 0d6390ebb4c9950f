namespace Dvt.Crypto.Keystores;

/// <summary>
/// The key a password derives under one set of KDF parameters (function, cost and salt): what encrypts and checks
/// every keystore written with those parameters. A program that writes many keystores under one password (a
/// coordinator writes a share per validator) derives it once and reuses it, instead of paying the deliberately slow
/// KDF per file; such keystores share a salt, which costs nothing an attacker could use: they are guarded by the same
/// password, so one guess tested against one of them is tested against all anyway. Wiped on <see cref="Dispose"/>.
/// </summary>
public sealed class KeystoreKey : IDisposable
{
    private readonly SecretBytes derived;

    private KeystoreKey(KdfParameters kdf, SecretBytes derived)
    {
        Kdf = kdf;
        this.derived = derived;
    }

    public KdfParameters Kdf { get; }

    internal ReadOnlySpan<byte> Span => derived.Span;

    /// <summary>Runs the KDF once (the slow part: about 0.1-0.5 s for EIP-2335's example costs).</summary>
    public static KeystoreKey Derive(KdfParameters kdf, string password)
    {
        ArgumentNullException.ThrowIfNull(kdf);
        ArgumentNullException.ThrowIfNull(password);
        using var processed = KeystorePassword.Process(password.AsSpan());
        return new KeystoreKey(kdf, kdf.DeriveKey(processed.Span));
    }

    public void Dispose() => derived.Dispose();

    public override string ToString() => $"KeystoreKey({Kdf.Function}, redacted)";
}
