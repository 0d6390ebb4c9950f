using System.Text.Json.Serialization;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Ssz;

namespace Dvt.Consensus.Containers.Blocks;

/// <summary>Deposit (phase0): a DepositData with its Merkle branch, Vector[Bytes32, DEPOSIT_CONTRACT_TREE_DEPTH + 1].</summary>
public sealed record Deposit(IReadOnlyList<Bytes32> Proof, DepositData Data) : ISszCodec<Deposit>
{
    public const int ProofLength = 33;

    public const int FixedLength = ProofLength * Bytes32.ByteLength + DepositData.FixedLength;

    public IReadOnlyList<Bytes32> Proof { get; } = CheckProof(Proof);

    public DepositData Data { get; } = Data ?? throw new ArgumentNullException(nameof(Data));

    [JsonIgnore]
    public int SszLength => FixedLength;

    public void SerializeTo(Span<byte> destination)
    {
        var writer = new SszWriter(destination);
        foreach (var node in Proof)
            writer.Bytes(node);
        writer.Value(Data);
    }

    public void HashTreeRootTo(Span<byte> root)
    {
        Span<byte> chunks = stackalloc byte[2 * Merkleization.ChunkSize];
        Span<byte> proofChunks = stackalloc byte[ProofLength * Merkleization.ChunkSize];
        for (var i = 0; i < ProofLength; i++)
            Proof[i].AsSpan().CopyTo(SszChunks.At(proofChunks, i));
        Merkleization.MerkleizeInPlace(proofChunks, ProofLength, SszChunks.At(chunks, 0));
        Data.HashTreeRootTo(SszChunks.At(chunks, 1));
        Merkleization.MerkleizeInPlace(chunks, 2, root);
    }

    public static Deposit Decode(ReadOnlySpan<byte> ssz)
    {
        SszReader.RequireLength(ssz, FixedLength, nameof(Deposit));
        var reader = new SszReader(ssz, nameof(Deposit));
        var proof = new Bytes32[ProofLength];
        for (var i = 0; i < ProofLength; i++)
            proof[i] = reader.Bytes<Bytes32>("proof");
        return new Deposit(proof, DepositData.Decode(reader.Take(DepositData.FixedLength, "data")));
    }

    private static IReadOnlyList<Bytes32> CheckProof(IReadOnlyList<Bytes32> proof)
    {
        ArgumentNullException.ThrowIfNull(proof, nameof(Proof));
        if (proof.Count != ProofLength)
            throw new ArgumentException($"deposit proof must have {ProofLength} nodes, got {proof.Count}", nameof(Proof));
        return proof.ToArray();
    }
}
