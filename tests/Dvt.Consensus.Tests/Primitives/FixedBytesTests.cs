using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Tests.Primitives;

public sealed class FixedBytesTests
{
    [Fact]
    public void Wrong_length_is_refused_naming_type_expected_and_actual()
    {
        var e = Assert.Throws<ArgumentException>(() => new Root(new byte[31]));
        Assert.Contains("Root must be 32 bytes, got 31", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BlsPublicKeyBytes(new byte[47]));
        Assert.Contains("BlsPublicKeyBytes must be 48 bytes, got 47", e.Message);
        e = Assert.Throws<ArgumentException>(() => new BlsSignatureBytes(new byte[97]));
        Assert.Contains("BlsSignatureBytes must be 96 bytes, got 97", e.Message);
    }

    [Theory]
    [InlineData("0x0102", "got 4 hex digits")]
    [InlineData("0x01020304zz", "10 hex digits")]
    [InlineData("0x0102030g", "not valid hex")]
    public void Bad_hex_is_refused_with_the_reason(string hex, string reason)
    {
        var e = Assert.Throws<FormatException>(() => ForkVersion.Parse(hex));
        Assert.Contains("ForkVersion", e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Hex_with_or_without_prefix_parses_to_the_same_value_and_prints_prefixed()
    {
        var a = ForkVersion.Parse("0x01017000");
        var b = ForkVersion.Parse("01017000");
        Assert.Equal(a, b);
        Assert.Equal("0x01017000", b.ToString());
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Default_value_is_all_zeros_and_equals_zero()
    {
        Root value = default;
        Assert.Equal(new byte[32], value.ToArray());
        Assert.Equal(Root.Zero, new Root(new byte[32]));
        Assert.NotEqual(Root.Zero, Root.Parse("0x" + new string('0', 63) + "1"));
    }

    [Fact]
    public void Constructor_copies_so_later_changes_to_the_source_do_not_leak_in()
    {
        var source = new byte[32];
        var root = new Root(source);
        source[0] = 1;
        Assert.Equal(0, root.AsSpan()[0]);
    }

    [Fact]
    public void Uint64_types_compare_and_print_as_decimal()
    {
        Assert.True(new Slot(3) < new Slot(4));
        Assert.Equal("18446744073709551615", new Epoch(ulong.MaxValue).ToString());
        Assert.Equal(new Epoch(4), ConsensusPreset.Minimal.EpochAt(new Slot(39)));
        Assert.Equal(new Epoch(1), ConsensusPreset.Mainnet.EpochAt(new Slot(39)));
    }
}
