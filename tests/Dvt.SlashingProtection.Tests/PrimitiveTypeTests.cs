using Dvt.Consensus.Primitives;
namespace Dvt.SlashingProtection.Tests;

public sealed class PrimitiveTypeTests
{
    [Theory]
    [InlineData(47)]
    [InlineData(49)]
    [InlineData(0)]
    public void PublicKeyRejectsWrongLength(int length)
    {
        var error = Assert.Throws<ArgumentException>(() => new ValidatorPublicKeyBytes(new byte[length]));
        Assert.Contains($"got {length}", error.Message);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    public void RootsRejectWrongLength(int length)
    {
        Assert.Throws<ArgumentException>(() => new SigningRoot(new byte[length]));
        Assert.Throws<ArgumentException>(() => new GenesisValidatorsRoot(new byte[length]));
    }

    [Theory]
    [InlineData("a99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c")]
    [InlineData("0xa99a")]
    [InlineData("0xzz9a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c")]
    public void PublicKeyParseRefusesBadHex(string text)
    {
        var error = Assert.Throws<FormatException>(() => ValidatorPublicKeyBytes.Parse(text));
        Assert.StartsWith("validator public key:", error.Message);
    }

    [Fact]
    public void PublicKeyRoundTripsThroughHex()
    {
        var text = "0xa99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c";
        Assert.Equal(text, ValidatorPublicKeyBytes.Parse(text).ToString());
        Assert.Equal(ValidatorPublicKeyBytes.Parse(text), ValidatorPublicKeyBytes.Parse(text.ToUpperInvariant().Replace("0X", "0x")));
    }

    [Fact]
    public void ZeroSigningRootIsUnknownAndNeverTheSameMessage()
    {
        Assert.True(SigningRoot.Zero.IsZero);
        Assert.True(SigningRoot.Parse("0x" + new string('0', 64)).IsZero);
        Assert.Equal(SigningRoot.Zero, new SigningRoot(new byte[32]));
        var record = new SignedBlockRecord(new Slot(1), SigningRoot.Zero);
        Assert.False(record.IsSameMessage(SigningRoot.Zero));
        Assert.True(new SignedBlockRecord(new Slot(1), TestKeys.Root(1)).IsSameMessage(TestKeys.Root(1)));
    }

    // Values appear in logs and metrics: changing one is a breaking change, so they are pinned.
    [Theory]
    [InlineData(LowWatermark.ImportedBlockSlot, 1)]
    [InlineData(LowWatermark.EarliestBlockSlot, 2)]
    [InlineData(LowWatermark.ImportedSourceEpoch, 3)]
    [InlineData(LowWatermark.ImportedTargetEpoch, 4)]
    [InlineData(LowWatermark.EarliestSourceEpoch, 5)]
    [InlineData(LowWatermark.EarliestTargetEpoch, 6)]
    public void LowWatermarkValuesArePinned(LowWatermark kind, int value)
    {
        Assert.Equal(value, (int)kind);
        Assert.Equal(6, Enum.GetValues<LowWatermark>().Length);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(long.MaxValue)]
    [InlineData(ulong.MaxValue)]
    public void StoredNumbersKeepOrder(ulong value)
    {
        Assert.Equal(value, Storage.StoredNumber.FromColumn(Storage.StoredNumber.ToColumn(value)));
        if (value > 0)
            Assert.True(Storage.StoredNumber.ToColumn(value - 1) < Storage.StoredNumber.ToColumn(value));
    }
}
