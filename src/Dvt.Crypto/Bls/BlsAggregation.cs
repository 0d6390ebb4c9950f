using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dvt.Crypto.Native;

namespace Dvt.Crypto.Bls;

/// <summary>
/// The multi-key operations of the POP ciphersuite (Aggregate, FastAggregateVerify, AggregateVerify)
/// and batch verification. Single-key operations live on <see cref="BlsSecretKey"/> and
/// <see cref="BlsPublicKey"/>. Inputs are already validated types, so "invalid point" cannot reach here.
/// </summary>
public static unsafe class BlsAggregation
{
    /// <summary>Bits of each random coefficient of a batch verification (soundness error 2^-64 per batch).</summary>
    public const int BatchRandomBits = 64;

    /// <summary>Aggregate(signatures): their sum in G2. Refuses an empty list (the spec's INVALID).</summary>
    public static BlsSignature AggregateSignatures(IReadOnlyList<BlsSignature> signatures)
    {
        if (signatures.Count == 0)
            throw new ArgumentException("cannot aggregate an empty list of signatures", nameof(signatures));
        return new BlsSignature(G2Point.Sum(signatures.Select(s => s.Point).ToList()));
    }

    /// <summary>The sum of public keys; refuses an empty list and a sum at infinity.</summary>
    public static BlsPublicKey AggregatePublicKeys(IReadOnlyList<BlsPublicKey> publicKeys)
    {
        if (publicKeys.Count == 0)
            throw new ArgumentException("cannot aggregate an empty list of public keys", nameof(publicKeys));
        return new BlsPublicKey(G1Point.Sum(publicKeys.Select(k => k.Point).ToList()));
    }

    /// <summary>FastAggregateVerify: all keys signed the same message. False for an empty key list.</summary>
    public static bool FastAggregateVerify(IReadOnlyList<BlsPublicKey> publicKeys, ReadOnlySpan<byte> message, BlsSignature signature)
    {
        if (publicKeys.Count == 0)
            return false;
        var sum = G1Point.Sum(publicKeys.Select(k => k.Point).ToList());
        if (sum.IsIdentity)
            return false;
        return new BlsPublicKey(sum).Verify(message, signature);
    }

    /// <summary>AggregateVerify: key i signed message i; one aggregate signature. False for empty or mismatched lists.</summary>
    public static bool AggregateVerify(IReadOnlyList<BlsPublicKey> publicKeys, IReadOnlyList<ReadOnlyMemory<byte>> messages, BlsSignature signature)
    {
        if (publicKeys.Count == 0 || publicKeys.Count != messages.Count)
            return false;
        using var ctx = new PairingContext();
        for (var i = 0; i < publicKeys.Count; i++)
        {
            BlstError err;
            fixed (BlstP1Affine* pk = &publicKeys[i].Point.Affine)
            fixed (BlstP2Affine* sig = &signature.Point.Affine)
            fixed (byte* m = messages[i].Span)
                err = Blst.blst_pairing_aggregate_pk_in_g1(ctx.Pointer, pk, i == 0 ? sig : null, m, (nuint)messages[i].Length, null, 0);
            if (err != BlstError.Success)
                return false;
        }
        return ctx.CommitAndVerify();
    }

    /// <summary>
    /// True when every set verifies. Checks them together: each set is weighted by a fresh random
    /// 64-bit scalar r_i (random linear combination), so a forged set passes with probability 2^-64,
    /// at the cost of one shared final exponentiation instead of one per set. Sets that share a message
    /// (a slot's attestations of many validators sign one root) share its hash and its Miller loop:
    /// e(sum r_i pk_i, H(m)) stands for all of them, the keys' weighted sum one multi-scalar multiplication
    /// in G1, and every signature's weighted sum one in G2. Signatures and keys are group elements already
    /// (checked when decoded), so blst is told not to check their subgroups again.
    /// </summary>
    public static bool BatchVerify(IReadOnlyList<BlsSignatureSet> sets)
    {
        if (sets.Count == 0)
            return false;
        using var ctx = new PairingContext();
        var random = new byte[8 * sets.Count];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < sets.Count; i++)
        {
            if (!random.AsSpan(8 * i, 8).ContainsAnyExcept((byte)0))
                random[8 * i] = 1; // a zero weight would drop the set from the check
        }
        var byMessage = new Dictionary<ReadOnlyMemory<byte>, List<int>>(Dvt.Consensus.Primitives.ByteContentComparer.Instance);
        for (var i = 0; i < sets.Count; i++)
        {
            if (!byMessage.TryGetValue(sets[i].Message, out var group))
                byMessage[sets[i].Message] = group = [];
            group.Add(i);
        }
        var shared = byMessage.Values.Where(g => g.Count > 1).SelectMany(g => g).ToList();
        BlstError err;
        if (shared.Count > 0)
        {
            var signatures = WeightedSignatureSum(sets, shared, random);
            err = Blst.blst_pairing_chk_n_aggr_pk_in_g1(ctx.Pointer, null, 0, &signatures, 0, null, 0, null, 0);
            if (err != BlstError.Success)
                return false;
        }
        foreach (var group in byMessage.Values)
        {
            fixed (byte* m = sets[group[0]].Message.Span)
            fixed (byte* r = random)
            {
                if (group.Count > 1)
                {
                    var keys = WeightedKeySum(sets, group, random);
                    err = Blst.blst_pairing_chk_n_aggr_pk_in_g1(ctx.Pointer, &keys, 0, null, 0, m, (nuint)sets[group[0]].Message.Length, null, 0);
                }
                else
                {
                    var set = sets[group[0]];
                    fixed (BlstP1Affine* pk = &set.PublicKey.Point.Affine)
                    fixed (BlstP2Affine* sig = &set.Signature.Point.Affine)
                        err = Blst.blst_pairing_chk_n_mul_n_aggr_pk_in_g1(ctx.Pointer, pk, 0, sig, 0, r + 8 * group[0], BatchRandomBits, m, (nuint)set.Message.Length, null, 0);
                }
            }
            if (err != BlstError.Success)
                return false; // an infinite weighted key sum among them: the caller checks one by one
        }
        return ctx.CommitAndVerify();
    }

    /// <summary>sum r_i pk_i over <paramref name="indices"/> (Pippenger, 64-bit weights), affine.</summary>
    private static BlstP1Affine WeightedKeySum(IReadOnlyList<BlsSignatureSet> sets, List<int> indices, byte[] random)
        => G1Point.MultiScalarMultiply(indices.Select(i => sets[i].PublicKey.Point).ToList(), Weights(indices, random), BatchRandomBits).Affine;

    /// <summary>sum r_i sigma_i over <paramref name="indices"/> (Pippenger, 64-bit weights), affine.</summary>
    private static BlstP2Affine WeightedSignatureSum(IReadOnlyList<BlsSignatureSet> sets, List<int> indices, byte[] random)
        => G2Point.MultiScalarMultiply(indices.Select(i => sets[i].Signature.Point).ToList(), Weights(indices, random), BatchRandomBits).Affine;

    /// <summary>The sets' weights as scalars: the same 64-bit little-endian values the single sets are weighted with.</summary>
    private static List<Scalar> Weights(List<int> indices, byte[] random)
        => indices.Select(i => Scalar.FromUInt64(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(random.AsSpan(8 * i, 8)))).ToList();

    /// <summary>
    /// Each set's own verdict, at a batch's cost when all are good: one <see cref="BatchVerify"/> of them all, and only
    /// when it fails (it says no more than that some set is bad) each set checked alone. A single set is checked alone.
    /// </summary>
    public static bool[] VerifyEach(IReadOnlyList<BlsSignatureSet> sets)
    {
        var verdicts = new bool[sets.Count];
        if (sets.Count > 1 && BatchVerify(sets))
        {
            Array.Fill(verdicts, true);
            return verdicts;
        }
        for (var i = 0; i < sets.Count; i++)
            verdicts[i] = sets[i].PublicKey.Verify(sets[i].Message.Span, sets[i].Signature);
        return verdicts;
    }

    /// <summary>A blst pairing context in unmanaged memory, with the ciphersuite DST (which is also unmanaged).</summary>
    private sealed class PairingContext : IDisposable
    {
        public PairingContext()
        {
            Pointer = NativeMemory.AlignedAlloc(Blst.blst_pairing_sizeof(), 64);
            Blst.blst_pairing_init(Pointer, true, BlsCiphersuite.Dst, BlsCiphersuite.DstLength);
        }

        public void* Pointer { get; private set; }

        public bool CommitAndVerify()
        {
            Blst.blst_pairing_commit(Pointer);
            return Blst.blst_pairing_finalverify(Pointer, null);
        }

        public void Dispose()
        {
            if (Pointer == null)
                return;
            NativeMemory.AlignedFree(Pointer);
            Pointer = null;
        }
    }
}
