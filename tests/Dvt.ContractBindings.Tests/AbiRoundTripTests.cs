using CsCheck;
using Dvt.ContractBindings.Abi;

namespace Dvt.ContractBindings.Tests;

public sealed class AbiRoundTripTests
{
    [Fact]
    public void Random_types_and_values_round_trip()
    {
        AbiGenerators.Arguments(depth: 3).Sample(sample =>
        {
            var encoded = AbiEncoder.Encode(sample.Types, sample.Values);
            var decoded = AbiDecoder.Decode(sample.Types, encoded);
            Assert.Equal(AbiGenerators.Normalize(sample.Values), AbiGenerators.Normalize(decoded));
            Assert.Equal(encoded, AbiEncoder.Encode(sample.Types, decoded));
        }, iter: 3000);
    }

    [Fact]
    public void Canonical_names_parse_back_to_the_same_type()
    {
        AbiGenerators.Type(3).Sample(type =>
            Assert.Equal(type.CanonicalName, AbiType.Parse(type.CanonicalName).CanonicalName), iter: 2000);
    }

    [Fact]
    public void Truncating_an_encoding_never_decodes_silently_to_other_values()
    {
        AbiGenerators.Arguments(depth: 2).Where(s => s.Types.Length > 0).Sample(sample =>
        {
            var encoded = AbiEncoder.Encode(sample.Types, sample.Values);
            if (encoded.Length == 0)
                return;
            var cut = encoded.AsSpan(0, encoded.Length - 1).ToArray();
            Assert.ThrowsAny<AbiDecodingException>(() => AbiDecoder.Decode(sample.Types, cut));
        }, iter: 1000);
    }
}
