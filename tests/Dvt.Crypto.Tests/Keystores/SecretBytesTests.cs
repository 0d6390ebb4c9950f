using System.Reflection;
using Dvt.Crypto.Keystores;

namespace Dvt.Crypto.Tests.Keystores;

public sealed class SecretBytesTests
{
    [Fact]
    public void Dispose_zeroes_the_buffer_and_further_reads_throw()
    {
        var secret = SecretBytes.CopyOf([1, 2, 3, 4]);
        var buffer = (byte[])typeof(SecretBytes).GetField("_bytes", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(secret)!;
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, buffer);
        secret.Dispose();
        Assert.Equal(new byte[4], buffer);
        Assert.Throws<ObjectDisposedException>(() => secret.Span.Length);
    }

    [Fact]
    public void ToString_never_prints_the_bytes()
    {
        using var secret = SecretBytes.CopyOf([0xAB, 0xCD]);
        Assert.Equal("SecretBytes(2 bytes, redacted)", secret.ToString());
    }
}
