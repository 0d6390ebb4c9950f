using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Keystores;

/// <summary>What to write into a new keystore besides the encrypted secret. Unset values get fresh random ones.</summary>
public sealed record KeystoreEncryptionOptions
{
    /// <summary>The KDF with its salt; default <see cref="KdfParameters.DefaultScrypt"/>.</summary>
    public KdfParameters? Kdf { get; init; }

    /// <summary>The EIP-2334 derivation path of the key, "" when it was not derived from a seed.</summary>
    public string Path { get; init; } = "";

    public string Description { get; init; } = "";

    public BlsPublicKeyBytes? Pubkey { get; init; }

    /// <summary>The AES IV; default 16 random bytes. Set only to reproduce a known keystore.</summary>
    public ReadOnlyMemory<byte>? Iv { get; init; }

    public Guid? Uuid { get; init; }
}
