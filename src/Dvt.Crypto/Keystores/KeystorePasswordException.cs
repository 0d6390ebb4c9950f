namespace Dvt.Crypto.Keystores;

/// <summary>The keystore's checksum did not match the key derived from the password: a wrong password (or a damaged keystore).</summary>
public sealed class KeystorePasswordException()
    : Exception("keystore checksum did not match: the password is wrong (or the keystore's crypto section is damaged)");
