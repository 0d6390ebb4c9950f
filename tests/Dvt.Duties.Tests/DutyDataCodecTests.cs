using CsCheck;
using Dvt.Consensus.Primitives;
using Dvt.Duties.Consensus;
using Dvt.Qbft.Encoding;
using Dvt.Qbft.Messages;

namespace Dvt.Duties.Tests;

public sealed class DutyDataCodecTests
{
    private static readonly InstanceId Duty = new(Sha256Digest.Of([1]), DutyType.Attester, new Slot(3));

    [Fact]
    public void Data_round_trips_in_one_canonical_encoding_whatever_the_insertion_order()
    {
        Gen.Select(Gen.Byte.Array[48], Gen.Byte.Array[0, 40]).List[0, 6].Sample(entries =>
        {
            var distinct = entries.DistinctBy(e => Convert.ToHexString(e.Item1)).ToList();
            var forward = new DutyData(Duty, distinct.ToDictionary(e => new BlsPublicKeyBytes(e.Item1), e => e.Item2));
            distinct.Reverse();
            var backward = new DutyData(Duty, distinct.ToDictionary(e => new BlsPublicKeyBytes(e.Item1), e => e.Item2));
            var bytes = DutyDataCodec.Encode(forward);
            Assert.Equal(bytes, DutyDataCodec.Encode(backward));
            Assert.Equal(bytes, DutyDataCodec.Encode(DutyDataCodec.Decode(Duty, bytes)));
        }, iter: 500);
    }

    [Fact]
    public void Random_bytes_are_refused_only_with_the_format_error()
    {
        Gen.Byte.Array[0, 200].Sample(bytes =>
        {
            try
            {
                var decoded = DutyDataCodec.Decode(Duty, bytes);
                Assert.Equal(bytes, DutyDataCodec.Encode(decoded));
            }
            catch (QbftMessageFormatException)
            {
            }
        }, iter: 10000);
    }
}
