using System.Security.Cryptography;
using System.Text;

namespace Dvt.ContractBindings.Keystore;

/// <summary>
/// Where a keystore password comes from: a file (one trailing newline dropped, like geth and cast) or an
/// environment variable. Deliberately no constructor from a plain string on the command line: argv is
/// visible to every user of the machine through /proc.
/// </summary>
public sealed class PasswordSource
{
    private readonly Func<byte[]> read;

    private PasswordSource(string description, Func<byte[]> read)
    {
        Description = description;
        this.read = read;
    }

    /// <summary>Where the password is read from (never the password itself).</summary>
    public string Description { get; }

    public static PasswordSource FromFile(string path) => new($"file {path}", () =>
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"password file {path} does not exist", path);
        var bytes = File.ReadAllBytes(path);
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == (byte)'\n')
            length--;
        if (length > 0 && bytes[length - 1] == (byte)'\r')
            length--;
        var result = bytes.AsSpan(0, length).ToArray();
        CryptographicOperations.ZeroMemory(bytes);
        return result;
    });

    public static PasswordSource FromEnvironment(string variable) => new($"environment variable {variable}", () =>
    {
        var value = Environment.GetEnvironmentVariable(variable)
            ?? throw new InvalidOperationException($"environment variable {variable} holding the keystore password is not set");
        return Encoding.UTF8.GetBytes(value);
    });

    /// <summary>The password as UTF-8 bytes; the caller wipes them after use.</summary>
    public byte[] ReadPassword() => read();

    public override string ToString() => $"PasswordSource({Description})";
}
