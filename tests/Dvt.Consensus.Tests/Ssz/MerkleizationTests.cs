using System.Security.Cryptography;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Tests.Ssz;

public sealed class MerkleizationTests
{
    [Fact]
    public void Zero_hashes_are_the_well_known_values()
    {
        Assert.Equal(new byte[32], Merkleization.ZeroHash(0).ToArray());
        Assert.Equal("f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b", Convert.ToHexStringLower(Merkleization.ZeroHash(1)));
        Assert.Equal("db56114e00fdd4c1f85c892bf35ac9a89289aaecb1ebd0a96cde606a748b5d71", Convert.ToHexStringLower(Merkleization.ZeroHash(2)));
    }

    [Fact]
    public void Three_chunks_pad_to_four_with_a_zero_chunk()
    {
        var a = Fill(1);
        var b = Fill(2);
        var c = Fill(3);
        var expected = Sha(Sha(a, b), Sha(c, new byte[32]));
        var chunks = a.Concat(b).Concat(c).ToArray();
        var root = new byte[32];
        Merkleization.MerkleizeInPlace(chunks, 3, root);
        Assert.Equal(expected, root);
    }

    [Fact]
    public void A_limit_above_the_count_pads_with_zero_subtrees()
    {
        var a = Fill(7);
        var root = new byte[32];
        Merkleization.MerkleizeInPlace(a.ToArray(), 8, root);
        var expected = Sha(Sha(Sha(a, new byte[32]), Merkleization.ZeroHash(1).ToArray()), Merkleization.ZeroHash(2).ToArray());
        Assert.Equal(expected, root);
    }

    [Fact]
    public void Empty_input_gives_the_zero_hash_of_the_limit_depth_and_mix_in_length_hashes_the_count()
    {
        var root = new byte[32];
        Merkleization.MerkleizeInPlace([], 128, root);
        Assert.Equal(Merkleization.ZeroHash(7).ToArray(), root);
        var length = new byte[32];
        length[0] = 5;
        var expected = Sha(root, length);
        Merkleization.MixInLength(root, 5);
        Assert.Equal(expected, root);
    }

    [Fact]
    public void More_chunks_than_the_limit_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => Merkleization.MerkleizeInPlace(new byte[96], 2, new byte[32]));
        Assert.Contains("3 chunks exceed the limit of 2", e.Message);
    }

    [Fact]
    public void Bitlist_keeps_the_delimiter_out_of_its_bits_and_refuses_a_missing_one()
    {
        var bits = Bitlist.Decode([0x03], 2048);
        Assert.Equal(1, bits.Count);
        Assert.True(bits[0]);
        Assert.Equal(new byte[] { 0x03 }, bits.Serialize());
        Assert.Equal(new byte[] { 0x01 }, Bitlist.FromBits([]).Serialize());
        Assert.Equal(new byte[] { 0x00, 0x01 }, Bitlist.FromBits(new bool[8]).Serialize());
        Assert.Contains("delimiter", Assert.Throws<SszDecodingException>(() => Bitlist.Decode([0x01, 0x00], 2048)).Message);
        Assert.Contains("limit is 8", Assert.Throws<SszDecodingException>(() => Bitlist.Decode([0x00, 0x02], 8)).Message);
    }

    private static byte[] Fill(byte value) => Enumerable.Repeat(value, 32).ToArray();

    private static byte[] Sha(byte[] left, byte[] right) => SHA256.HashData(left.Concat(right).ToArray());
}
