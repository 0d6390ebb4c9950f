namespace Dvt.Coordinator.Configuration;

/// <summary>Key derivation for keystores the coordinator writes. Reading accepts either.</summary>
public enum KeystoreKdfChoice
{
    /// <summary>scrypt n = 2^18, r = 8, p = 1 (EIP-2335's example; about 1 s and 256 MiB per key).</summary>
    Scrypt,

    /// <summary>PBKDF2-HMAC-SHA256, 2^18 iterations (about 0.1 s per key).</summary>
    Pbkdf2,
}
