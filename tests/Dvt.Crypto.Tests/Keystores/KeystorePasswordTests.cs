using System.Text;
using Dvt.Crypto.Keystores;

namespace Dvt.Crypto.Tests.Keystores;

public sealed class KeystorePasswordTests
{
    [Fact]
    public void Control_codes_are_stripped_and_other_characters_kept()
    {
        using var processed = KeystorePassword.Process("a\u0000b\u001Fc\u007Fd\u0080e\u009Ff\u00A0g\n");
        // U+00A0 (no-break space) is not a control code: NFKD maps it to a space, which stays.
        Assert.Equal("abcdef g", Encoding.UTF8.GetString(processed.Span));
    }

    [Fact]
    public void Composed_and_decomposed_forms_process_to_the_same_bytes()
    {
        using var composed = KeystorePassword.Process("caf\u00E9");
        using var decomposed = KeystorePassword.Process("cafe\u0301");
        Assert.Equal(composed.Span.ToArray(), decomposed.Span.ToArray());
        Assert.Equal("cafe\u0301", Encoding.UTF8.GetString(composed.Span));
    }

    [Fact]
    public void Compatibility_characters_fold_to_their_plain_form()
    {
        using var processed = KeystorePassword.Process("\uFB01\u2460");
        Assert.Equal("fi1", Encoding.UTF8.GetString(processed.Span));
    }

    [Fact]
    public void Span_and_string_passwords_process_alike_and_open_the_same_keystore()
    {
        char[] buffer = ['p', '\u00E4', 's', 's', '\n'];
        using (var fromSpan = KeystorePassword.Process(buffer))
        using (var fromString = KeystorePassword.Process("pa\u0308ss"))
            Assert.Equal(fromString.Span.ToArray(), fromSpan.Span.ToArray());

        var keystore = Keystore.Encrypt(new byte[32], "p\u00E4ss", new KeystoreEncryptionOptions { Kdf = new Pbkdf2Parameters(2, new byte[32]) });
        using var secret = keystore.Decrypt(buffer.AsSpan());
        Array.Clear(buffer);
        Assert.Equal(new byte[32], secret.Span.ToArray());
    }
}
