namespace Dvt.ContractBindings.Keystore;

/// <summary>Key-derivation settings for writing a keystore. Reading accepts whatever the file says.</summary>
public abstract record KeystoreKdf
{
    /// <summary>geth's "standard" scrypt cost (n = 2^18): about a second and 256 MiB per derivation.</summary>
    public static KeystoreKdf Standard => new ScryptKdf(262144, 8, 1);

    /// <summary>The cost cast (eth-keystore) writes by default: n = 2^13.</summary>
    public static KeystoreKdf Light => new ScryptKdf(8192, 8, 1);
}

public sealed record ScryptKdf(int N, int R, int P) : KeystoreKdf;

public sealed record Pbkdf2Kdf(int Iterations) : KeystoreKdf;
