using System.Globalization;

namespace Dvt.Coordinator.Keys;

/// <summary>
/// The layout of an operator's data directory (shared by the daemon and the <c>dvt</c> command line):
/// <code>
/// keys/ethereum.json                                   Ethereum V3 keystore of the operator's account
/// keys/share-encryption.json                           EIP-2335 keystore of the secp256k1 share-encryption secret
/// keys/validators/&lt;id&gt;/share-round-&lt;round&gt;.json   EIP-2335 keystore of this operator's share (index in description)
/// keys/validators/&lt;id&gt;/full-key.json                 EIP-2335 keystore of the full (recovery or solo) key
/// keys/imports/0x&lt;pubkey&gt;.json                       a staged existing key waiting for a validator to take it
/// state.sqlite                                         daemon state (follower cursor, deals seen, progress)
/// slashing.sqlite                                      EIP-3076 slashing protection
/// </code>
/// </summary>
public sealed class DataDirectory(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string KeysFolder => Path.Combine(Root, "keys");

    public string EthereumKeystore => Path.Combine(KeysFolder, "ethereum.json");

    public string ShareEncryptionKeystore => Path.Combine(KeysFolder, "share-encryption.json");

    public string ValidatorsFolder => Path.Combine(KeysFolder, "validators");

    public string ImportsFolder => Path.Combine(KeysFolder, "imports");

    public string StateDatabase => Path.Combine(Root, "state.sqlite");

    public string SlashingDatabase => Path.Combine(Root, "slashing.sqlite");

    public string ValidatorFolder(ulong validatorId) =>
        Path.Combine(ValidatorsFolder, validatorId.ToString(CultureInfo.InvariantCulture));

    public string ShareKeystore(ulong validatorId, uint round) =>
        Path.Combine(ValidatorFolder(validatorId), $"share-round-{round.ToString(CultureInfo.InvariantCulture)}.json");

    public string FullKeyKeystore(ulong validatorId) => Path.Combine(ValidatorFolder(validatorId), "full-key.json");

    public string ImportKeystore(string publicKeyHex) => Path.Combine(ImportsFolder, $"{publicKeyHex}.json");

    public override string ToString() => $"DataDirectory({Root})";
}
