using System.Security.Cryptography;
using System.Text.Json;
using Dvt.Coordinator.Configuration;
using Dvt.Crypto.Keystores;

namespace Dvt.Coordinator.Keys;

/// <summary>
/// Opens one keystore file so that every failure names the file: a syntax error with its 1-based line and column,
/// a wrong password as such, a bad field by its name.
/// </summary>
public static class KeystoreFile
{
    public static T Open<T>(string file, Func<string, T> decrypt)
    {
        ArgumentNullException.ThrowIfNull(decrypt);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(file);
        }
        catch (IOException e)
        {
            throw new KeystoreFileException(file, $"cannot be read: {e.Message}", e);
        }
        try
        {
            using (JsonDocument.Parse(text))
            {
            }
        }
        catch (JsonException e)
        {
            throw new KeystoreFileException(file, $"not valid JSON at {JsonSyntaxError.Describe(e)}", e);
        }
        try
        {
            return decrypt(text);
        }
        catch (Exception e) when (e is KeystorePasswordException or CryptographicException)
        {
            throw new KeystoreFileException(file, "wrong password (the keystore's checksum does not match the key the password derives)", e);
        }
        catch (FormatException e)
        {
            throw new KeystoreFileException(file, e.Message, e);
        }
    }
}
