namespace Dvt.Crypto.ShareEncryption;

/// <summary>One encrypted share on the wire: nonce (12) || AES-256-GCM ciphertext of the 32-byte share (32) || tag (16).</summary>
public sealed class ShareCiphertext
{
    public const int NonceLength = 12;
    public const int BodyLength = 32;
    public const int TagLength = 16;
    public const int Length = NonceLength + BodyLength + TagLength;

    private readonly byte[] _bytes;

    public ShareCiphertext(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
            throw new ArgumentException($"a share ciphertext is {Length} bytes, got {bytes.Length}", nameof(bytes));
        _bytes = bytes.ToArray();
    }

    public ReadOnlySpan<byte> Span => _bytes;

    public ReadOnlySpan<byte> Nonce => _bytes.AsSpan(0, NonceLength);

    public ReadOnlySpan<byte> Body => _bytes.AsSpan(NonceLength, BodyLength);

    public ReadOnlySpan<byte> Tag => _bytes.AsSpan(NonceLength + BodyLength, TagLength);

    public byte[] ToBytes() => (byte[])_bytes.Clone();
}
