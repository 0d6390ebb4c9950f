using System.Security.Cryptography;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Ssz;

/// <summary>
/// Electra's attestation root against a naive reference merkleization written here (every padding chunk hashed
/// explicitly): no official vector of it is in the shared set.
/// </summary>
public sealed class ElectraAttestationTests
{
    [Theory]
    [InlineData(64, 0)]
    [InlineData(64, 176)]
    [InlineData(4, 8192)]
    public void Root_is_the_spec_container_of_four_fields(int committees, int bitCount)
    {
        var bits = Enumerable.Range(0, bitCount).Select(i => i % 3 == 0).ToArray();
        var committeeBits = Enumerable.Range(0, committees).Select(i => i == committees - 1).ToArray();
        var data = new AttestationData(new Slot(9), new CommitteeIndex(0), Root.Parse("0x" + new string('a', 64)),
            new Checkpoint(new Epoch(1), Root.Zero), new Checkpoint(new Epoch(2), Root.Parse("0x" + new string('b', 64))));
        var signature = new BlsSignatureBytes(Enumerable.Range(0, 96).Select(i => (byte)i).ToArray());
        var attestation = new ElectraAttestation(Bitlist.FromBits(bits), data, signature, Bitvector.FromBits(committeeBits));

        var limitChunks = 2048 * committees / 256;
        var bitsRoot = MixInLength(Merkleize(Pack(bits), limitChunks), bitCount);
        var signatureRoot = Merkleize(signature.ToArray(), 4);
        var committeeRoot = Merkleize(Pack(committeeBits), 1);
        var expected = Merkleize([.. bitsRoot, .. data.HashTreeRoot().ToArray(), .. signatureRoot, .. committeeRoot], 4);

        Assert.Equal(Convert.ToHexStringLower(expected), Convert.ToHexStringLower(attestation.HashTreeRoot().AsSpan()));
    }

    [Fact]
    public void Too_many_aggregation_bits_for_the_committee_count_are_refused()
    {
        var data = new AttestationData(new Slot(0), new CommitteeIndex(0), Root.Zero, new Checkpoint(new Epoch(0), Root.Zero), new Checkpoint(new Epoch(0), Root.Zero));
        var e = Assert.Throws<ArgumentException>(() =>
            new ElectraAttestation(Bitlist.FromBits(new bool[8193]), data, BlsSignatureBytes.Zero, Bitvector.FromBits(new bool[4])));
        Assert.Contains("8192", e.Message);
    }

    private static byte[] Pack(bool[] bits)
    {
        var bytes = new byte[(bits.Length + 7) / 8];
        for (var i = 0; i < bits.Length; i++)
        {
            if (bits[i])
                bytes[i / 8] |= (byte)(1 << (i % 8));
        }
        return bytes;
    }

    private static byte[] Merkleize(byte[] data, int limitChunks)
    {
        var width = 1;
        while (width < limitChunks)
            width *= 2;
        var layer = new byte[width][];
        for (var i = 0; i < width; i++)
        {
            layer[i] = new byte[32];
            if (i * 32 < data.Length)
                data.AsSpan(i * 32, Math.Min(32, data.Length - i * 32)).CopyTo(layer[i]);
        }
        while (layer.Length > 1)
            layer = Enumerable.Range(0, layer.Length / 2).Select(i => SHA256.HashData([.. layer[2 * i], .. layer[2 * i + 1]])).ToArray();
        return layer[0];
    }

    private static byte[] MixInLength(byte[] root, int length)
    {
        var lengthChunk = new byte[32];
        BitConverter.TryWriteBytes(lengthChunk, (ulong)length);
        return SHA256.HashData([.. root, .. lengthChunk]);
    }
}
