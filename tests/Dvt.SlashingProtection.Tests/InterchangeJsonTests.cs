using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.SlashingProtection.Tests;

public sealed class InterchangeJsonTests
{
    [Fact]
    public void ReadsEveryField()
    {
        var document = InterchangeJson.Parse(InterchangeSamples.Valid());

        Assert.Equal(GenesisValidatorsRoot.Parse(InterchangeSamples.Chain), document.GenesisValidatorsRoot);
        var validator = Assert.Single(document.Data);
        Assert.Equal(ValidatorPublicKeyBytes.Parse(InterchangeSamples.Key), validator.PublicKey);
        Assert.Equal(
            [new SignedBlockRecord(new Slot(81952), SigningRoot.Parse(InterchangeSamples.Root)), new SignedBlockRecord(new Slot(81953), null)],
            validator.SignedBlocks);
        Assert.Equal(
            [
                new SignedAttestationRecord(new Epoch(2290), new Epoch(3007), SigningRoot.Parse(InterchangeSamples.Root)),
                new SignedAttestationRecord(new Epoch(3007), new Epoch(3008), null),
            ],
            validator.SignedAttestations);
    }

    [Fact]
    public void WriteThenParseGivesTheSameDocument()
    {
        var document = InterchangeJson.Parse(InterchangeSamples.Valid());
        var written = InterchangeJson.Write(document);
        Assert.Equal(written, InterchangeJson.Write(InterchangeJson.Parse(written)));
        Assert.Contains("\"interchange_format_version\": \"5\"", written);
        Assert.Contains("\"slot\": \"81952\"", written);
    }

    [Fact]
    public void AcceptsTheLargestU64()
    {
        var document = InterchangeJson.Parse(InterchangeSamples.Valid(slot: "\"18446744073709551615\""));
        Assert.Equal(new Slot(ulong.MaxValue), document.Data[0].SignedBlocks[0].Slot);
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "NotJson", "{", "$" },
        { "TrailingComma", InterchangeSamples.Valid(topExtra: ","), "$" },
        { "Comment", "// c\n" + InterchangeSamples.Valid(), "$" },
        { "RootNotObject", "[]", "$" },
        { "UnknownTopLevelField", InterchangeSamples.Valid(topExtra: ", \"extra\": 1"), "extra" },
        { "EmptyFieldName", InterchangeSamples.Valid(topExtra: ", \"\": 1"), "$[\"\"]" },
        { "MissingMetadata", "{\"data\": []}", "metadata" },
        { "MissingData", $"{{\"metadata\": {{\"interchange_format_version\": \"5\", \"genesis_validators_root\": \"{InterchangeSamples.Chain}\"}}}}", "data" },
        { "DataNotArray", $"{{\"metadata\": {{\"interchange_format_version\": \"5\", \"genesis_validators_root\": \"{InterchangeSamples.Chain}\"}}, \"data\": {{}}}}", "data" },
        { "WrongVersion", InterchangeSamples.Valid(version: "\"4\""), "metadata.interchange_format_version" },
        { "VersionAsNumber", InterchangeSamples.Valid(version: "5"), "metadata.interchange_format_version" },
        { "ShortGenesisRoot", InterchangeSamples.Valid(genesis: "\"0x00\""), "metadata.genesis_validators_root" },
        { "GenesisRootNull", InterchangeSamples.Valid(genesis: "null"), "metadata.genesis_validators_root" },
        { "PubkeyWithoutPrefix", InterchangeSamples.Valid(pubkey: $"\"{InterchangeSamples.Key[2..]}\""), "data[0].pubkey" },
        { "PubkeyNotHex", InterchangeSamples.Valid(pubkey: $"\"0x{new string('z', 96)}\""), "data[0].pubkey" },
        { "SlotAsNumber", InterchangeSamples.Valid(slot: "81952"), "data[0].signed_blocks[0].slot" },
        { "NegativeSlot", InterchangeSamples.Valid(slot: "\"-1\""), "data[0].signed_blocks[0].slot" },
        { "SlotWithSign", InterchangeSamples.Valid(slot: "\"+1\""), "data[0].signed_blocks[0].slot" },
        { "SlotWithSpace", InterchangeSamples.Valid(slot: "\" 1\""), "data[0].signed_blocks[0].slot" },
        { "SlotOverflow", InterchangeSamples.Valid(slot: "\"18446744073709551616\""), "data[0].signed_blocks[0].slot" },
        { "EmptySlot", InterchangeSamples.Valid(slot: "\"\""), "data[0].signed_blocks[0].slot" },
        { "UnknownBlockField", InterchangeSamples.Valid(blockExtra: ", \"foo\": \"1\""), "data[0].signed_blocks[0].foo" },
        { "DuplicateBlockField", InterchangeSamples.Valid(blockExtra: ", \"slot\": \"1\""), "data[0].signed_blocks[0].slot" },
        { "BadAttestationRoot", InterchangeSamples.Valid(attestationExtra: "").Replace("\"source_epoch\": \"2290\", \"target_epoch\": \"3007\", \"signing_root\": \"0x4f", "\"source_epoch\": \"2290\", \"target_epoch\": \"3007\", \"signing_root\": \"0x4"), "data[0].signed_attestations[0].signing_root" },
        { "MissingTargetEpoch", InterchangeSamples.Valid().Replace("\"source_epoch\": \"3007\", \"target_epoch\": \"3008\"", "\"source_epoch\": \"3007\""), "data[0].signed_attestations[1].target_epoch" },
        { "AttestationNotObject", InterchangeSamples.Valid().Replace("{ \"source_epoch\": \"3007\", \"target_epoch\": \"3008\" }", "\"3007\""), "data[0].signed_attestations[1]" },
        { "UnknownAttestationField", InterchangeSamples.Valid(attestationExtra: ", \"epoch\": \"1\""), "data[0].signed_attestations[0].epoch" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RefusesNamingTheField(string name, string json, string field)
    {
        var error = Assert.Throws<InterchangeFormatException>(() => InterchangeJson.Parse(json));
        Assert.True(error.Field == field, $"{name}: expected field '{field}', got '{error.Field}' ({error.Message})");
        Assert.Contains(field, error.Message);
    }
}
