using System.Text;
using CsCheck;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.SlashingProtection.Tests;

/// <summary>Random and mutated input never crashes the parser: it yields a document or an InterchangeFormatException.</summary>
public sealed class InterchangeJsonFuzzTests
{
    private static readonly byte[] Valid = Encoding.UTF8.GetBytes(InterchangeSamples.Valid());

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"metadata\"", "\"data\"", "\"interchange_format_version\"", "\"genesis_validators_root\"",
        "\"pubkey\"", "\"signed_blocks\"", "\"signed_attestations\"", "\"slot\"", "\"source_epoch\"", "\"target_epoch\"",
        "\"signing_root\"", "\"5\"", "\"0\"", "\"18446744073709551616\"", "\"-1\"", "5", "1e400", "-0", "null", "true", "false",
        $"\"{InterchangeSamples.Chain}\"", $"\"{InterchangeSamples.Key}\"", $"\"{InterchangeSamples.Root}\"", "\"0x\"", "\"\\u0000\"", "\"\\ud800\"",
    ];

    [Fact]
    public void MutatedDocumentsGiveADocumentOrATypedError()
    {
        var mutation = Gen.Select(Gen.Int[0, 3], Gen.Int[0, Valid.Length - 1], Gen.Byte, Gen.Int[1, 40]);
        mutation.Array[1, 6].Sample(mutations =>
        {
            var bytes = Valid.ToList();
            foreach (var (kind, at, value, length) in mutations)
            {
                var position = Math.Min(at, Math.Max(bytes.Count - 1, 0));
                switch (kind)
                {
                    case 0 when bytes.Count > 0: bytes[position] = value; break;
                    case 1: bytes.Insert(position, value); break;
                    case 2 when bytes.Count > 0: bytes.RemoveRange(position, Math.Min(length, bytes.Count - position)); break;
                    case 3: bytes.RemoveRange(position, bytes.Count - position); break;
                }
            }
            ParseTyped(bytes.ToArray());
        }, iter: 20_000);
    }

    [Fact]
    public void TokenSoupGivesADocumentOrATypedError()
    {
        Gen.Int[0, Tokens.Length - 1].Array[0, 60].Sample(indices =>
            ParseTyped(Encoding.UTF8.GetBytes(string.Concat(indices.Select(i => Tokens[i])))), iter: 20_000);
    }

    [Fact]
    public void RandomBytesGiveATypedError()
    {
        Gen.Byte.Array[0, 200].Sample(bytes => ParseTyped(bytes), iter: 20_000);
    }

    [Fact]
    public void DeepNestingGivesATypedError()
    {
        var error = Assert.Throws<InterchangeFormatException>(() => InterchangeJson.Parse(new string('[', 10_000)));
        Assert.Equal("$", error.Field);
    }

    [Theory]
    [InlineData("{\"\\ud800\": 1}")]
    [InlineData("{\"metadata\": {\"interchange_format_version\": \"\\udc00\"}}")]
    public void LoneSurrogateEscapesGiveATypedError(string json)
    {
        Assert.Throws<InterchangeFormatException>(() => InterchangeJson.Parse(json));
    }

    private static void ParseTyped(byte[] bytes)
    {
        try
        {
            var document = InterchangeJson.Parse(bytes);
            // Whatever parses must write back to something that parses to the same.
            var written = InterchangeJson.Write(document);
            Assert.Equal(written, InterchangeJson.Write(InterchangeJson.Parse(written)));
        }
        catch (InterchangeFormatException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Field));
        }
    }
}
