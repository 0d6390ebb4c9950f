namespace Dvt.ContractBindings;

/// <summary>
/// A 20-byte account address. Parsing accepts all-lowercase, all-uppercase or a correct EIP-55
/// checksum; a mixed-case string with a wrong checksum is refused (it is usually a typo).
/// ToString prints the EIP-55 form.
/// </summary>
public readonly struct Address : IEquatable<Address>
{
    private readonly byte[]? bytes;

    public Address(ReadOnlySpan<byte> value)
    {
        if (value.Length != 20)
            throw new ArgumentException($"an address needs 20 bytes, got {value.Length}", nameof(value));
        bytes = value.ToArray();
    }

    public static Address Zero => new(new byte[20]);

    public ReadOnlySpan<byte> Bytes => bytes ?? new byte[20];

    public static Address Parse(string text, string field = "address")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 42)
            throw new FormatException($"{field}: an address is 0x + 40 hex digits, got '{Hex.Shorten(text)}'");
        var data = Hex.DecodeData(text, field);
        var address = new Address(data);
        var digits = text.AsSpan(2);
        var hasLower = false;
        var hasUpper = false;
        foreach (var c in digits)
        {
            hasLower |= c is >= 'a' and <= 'f';
            hasUpper |= c is >= 'A' and <= 'F';
        }
        if (hasLower && hasUpper && !string.Equals(address.ToString(), text, StringComparison.Ordinal))
            throw new FormatException($"{field}: bad EIP-55 checksum in '{text}' (expected {address})");
        return address;
    }

    public static bool TryParse(string text, out Address address)
    {
        try
        {
            address = Parse(text);
            return true;
        }
        catch (FormatException)
        {
            address = default;
            return false;
        }
    }

    /// <summary>The address a contract created by <paramref name="sender"/> with <paramref name="nonce"/> gets (CREATE).</summary>
    public static Address ForCreate(Address sender, ulong nonce)
        => Parse(Nethereum.Util.ContractUtils.CalculateContractAddress(sender.ToString(), nonce).ToLowerInvariant());

    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);

    public override string ToString()
    {
        var lower = Hex.Encode(Bytes, prefix: false);
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var c = lower[i];
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            chars[i + 2] = c >= 'a' && nibble >= 8 ? char.ToUpperInvariant(c) : c;
        }
        return new string(chars);
    }
}
