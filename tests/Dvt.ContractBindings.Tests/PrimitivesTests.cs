using System.Numerics;

namespace Dvt.ContractBindings.Tests;

public sealed class PrimitivesTests
{
    [Theory]
    // The test addresses of EIP-55 itself.
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void Address_prints_the_eip55_checksum(string checksummed)
    {
        Assert.Equal(checksummed, Address.Parse(checksummed.ToLowerInvariant()).ToString());
        Assert.Equal(checksummed, Address.Parse("0x" + checksummed[2..].ToUpperInvariant()).ToString());
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "checksum")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea", "40 hex digits")]
    [InlineData("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00", "0x-prefixed")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg", "invalid hex digit")]
    public void Address_refuses_bad_text_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => Address.Parse(text, "operator"));
        Assert.Contains(reason, error.Message);
        Assert.StartsWith("operator:", error.Message);
    }

    [Fact]
    public void Keccak_matches_known_digests()
    {
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", Hex.Encode(Keccak256.Hash([])));
        Assert.Equal("0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8", Hex.Encode(Keccak256.Hash("hello")));
    }

    [Theory]
    [InlineData("0x0", 0)]
    [InlineData("0x1", 1)]
    [InlineData("0x400", 1024)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    public void Quantities_parse(string text, ulong expected) => Assert.Equal(expected, Hex.DecodeQuantityUInt64(text));

    [Theory]
    [InlineData("0x")]
    [InlineData("0x01")]
    [InlineData("1")]
    [InlineData("0xg")]
    [InlineData("0x10000000000000000")]
    public void Quantities_are_strict(string text) => Assert.Throws<FormatException>(() => Hex.DecodeQuantityUInt64(text, "nonce"));

    [Fact]
    public void Data_needs_an_even_number_of_digits()
    {
        Assert.Equal([0x12, 0xab], Hex.DecodeData("0x12AB"));
        Assert.Empty(Hex.DecodeData("0x"));
        Assert.Throws<FormatException>(() => Hex.DecodeData("0x123"));
        Assert.Throws<FormatException>(() => Hex.DecodeData("1234"));
    }

    [Fact]
    public void UInt256_checks_its_range_and_writes_32_bytes()
    {
        Assert.Throws<OverflowException>(() => new UInt256(BigInteger.MinusOne));
        Assert.Throws<OverflowException>(() => new UInt256(BigInteger.One << 256));
        var max = UInt256.MaxValue;
        var buffer = new byte[32];
        max.WriteBigEndian(buffer);
        Assert.All(buffer, b => Assert.Equal(0xff, b));
        Assert.Equal(max, UInt256.FromBigEndian(buffer));
        Assert.Equal("0x0", UInt256.Zero.ToQuantity());
        Assert.Equal(UInt256.Gwei(1_000_000_000), UInt256.Ether(1));
    }

    [Fact]
    public void Hash32_needs_exactly_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new Hash32(new byte[31]));
        Assert.Throws<FormatException>(() => Hash32.Parse("0x" + new string('a', 62), "blockHash"));
    }

    [Fact]
    public void Create_address_matches_the_known_first_deployment_of_anvil_account_zero()
    {
        // cast compute-address 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 --nonce 0
        var sender = Address.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
        Assert.Equal("0x5FbDB2315678afecb367f032d93F642f64180aa3", Address.ForCreate(sender, 0).ToString());
    }
}
