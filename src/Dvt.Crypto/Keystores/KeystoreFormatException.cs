namespace Dvt.Crypto.Keystores;

/// <summary>A keystore file that is not a valid EIP-2335 keystore; <see cref="Field"/> names the missing or bad field.</summary>
public sealed class KeystoreFormatException(string field, string problem)
    : FormatException($"keystore field '{field}': {problem}")
{
    /// <summary>Dotted path of the field, e.g. "crypto.kdf.params.salt".</summary>
    public string Field { get; } = field;
}
