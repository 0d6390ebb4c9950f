using Dvt.Crypto.Bls;
using Dvt.Crypto.ShareEncryption;
using Dvt.Crypto.Threshold;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// One round of key dealing, the single abstraction behind split, DKG and reshare: who deals, who
/// receives (share index = 1-based position in <see cref="Receivers"/>), the threshold, and how the
/// deals used combine (weight 1 per dealer, or Lagrange coefficients of the old indices for a reshare).
/// Built from chain state, so every coordinator and auditor derives the same round.
/// </summary>
public sealed class KeyRound
{
    private readonly Dictionary<ulong, ReshareDealer> _reshareDealers;

    private KeyRound(RoundId id, RoundKind kind, int threshold, IReadOnlyList<ulong> dealers,
        IReadOnlyList<RoundParticipant> receivers, RoundParticipant? escrowRecipient,
        IReadOnlyList<ReshareDealer> reshareDealers, BlsPublicKey? validatorKey)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (receivers.Count is < 1 or > ShareIndex.Max)
            throw new ArgumentException($"a round has 1..{ShareIndex.Max} receivers, got {receivers.Count}", nameof(receivers));
        if (threshold < 1 || threshold > receivers.Count)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"threshold must be 1..{receivers.Count}");
        ThrowOnDuplicates(receivers.Select(r => r.OperatorId), "receiver");
        ThrowOnDuplicates(dealers, "dealer");
        Id = id;
        Kind = kind;
        Threshold = threshold;
        Dealers = dealers.ToArray();
        Receivers = receivers.ToArray();
        EscrowRecipient = escrowRecipient;
        _reshareDealers = reshareDealers.ToDictionary(d => d.OperatorId);
        ValidatorKey = validatorKey;
    }

    public RoundId Id { get; }

    public RoundKind Kind { get; }

    public int Threshold { get; }

    /// <summary>Operators allowed to deal in this round.</summary>
    public IReadOnlyList<ulong> Dealers { get; }

    /// <summary>Receivers in share-index order.</summary>
    public IReadOnlyList<RoundParticipant> Receivers { get; }

    /// <summary>DKG only: the owner, to whom each dealer escrows its constant term.</summary>
    public RoundParticipant? EscrowRecipient { get; }

    /// <summary>Reshare only: the validator key the round must keep.</summary>
    public BlsPublicKey? ValidatorKey { get; }

    public int CommitmentsLength => G1Point.CompressedLength * Threshold;

    public int EncryptedSharesLength => ShareEncryptionPublicKey.Length + ShareCiphertext.Length * (Receivers.Count + (Kind == RoundKind.Dkg ? 1 : 0));

    /// <summary>Split: the owner (holding the full key) deals to the validator's operators.</summary>
    public static KeyRound Split(RoundId id, int threshold, ulong ownerOperatorId, IReadOnlyList<RoundParticipant> receivers)
        => new(id, RoundKind.Split, threshold, [ownerOperatorId], receivers, null, [], null);

    /// <summary>DKG: every receiver deals; each escrows its constant term to the owner.</summary>
    public static KeyRound Dkg(RoundId id, int threshold, RoundParticipant owner, IReadOnlyList<RoundParticipant> receivers)
        => new(id, RoundKind.Dkg, threshold, receivers.Select(r => r.OperatorId).ToList(), receivers, owner, [], null);

    /// <summary>Reshare: the old holders listed deal their old shares; at least <paramref name="threshold"/> of them must deal.</summary>
    public static KeyRound Reshare(RoundId id, int threshold, BlsPublicKey validatorKey, IReadOnlyList<ReshareDealer> dealers, IReadOnlyList<RoundParticipant> receivers)
    {
        if (dealers.Count < threshold)
            throw new ArgumentException($"a reshare needs at least {threshold} old holders, got {dealers.Count}", nameof(dealers));
        ThrowOnDuplicates(dealers.Select(d => (ulong)d.OldIndex.Value), "old share index");
        return new(id, RoundKind.Reshare, threshold, dealers.Select(d => d.OperatorId).ToList(), receivers, null, dealers, validatorKey);
    }

    public bool IsDealer(ulong operatorId) => Dealers.Contains(operatorId);

    /// <summary>The share index of a receiver; throws when the operator is not one.</summary>
    public ShareIndex IndexOf(ulong receiverOperatorId)
    {
        for (var i = 0; i < Receivers.Count; i++)
        {
            if (Receivers[i].OperatorId == receiverOperatorId)
                return new ShareIndex(i + 1);
        }
        throw new ArgumentException($"operator {receiverOperatorId} is not a receiver of {Id}", nameof(receiverOperatorId));
    }

    public RoundParticipant Receiver(ShareIndex index) => Receivers[index.Value - 1];

    /// <summary>Reshare: the old public share a dealer's constant commitment must equal; otherwise null.</summary>
    public G1Point? ExpectedConstant(ulong dealerOperatorId)
        => Kind == RoundKind.Reshare ? ReshareDealerOf(dealerOperatorId).OldPublicShare.Point : null;

    public ReshareDealer ReshareDealerOf(ulong dealerOperatorId)
        => _reshareDealers.TryGetValue(dealerOperatorId, out var d)
            ? d
            : throw new ArgumentException($"operator {dealerOperatorId} is not a dealer of reshare {Id}", nameof(dealerOperatorId));

    /// <summary>
    /// The dealers whose deals make up the result, in the order everyone uses: Split, the owner; DKG,
    /// every receiver in index order (all must have dealt); Reshare, the t dealers with the lowest old index.
    /// </summary>
    public IReadOnlyList<ulong> SelectDealers(IEnumerable<ulong> dealersWhoDealt)
    {
        var dealt = dealersWhoDealt.ToHashSet();
        foreach (var d in dealt)
        {
            if (!IsDealer(d))
                throw new ArgumentException($"operator {d} is not a dealer of {Id}", nameof(dealersWhoDealt));
        }
        switch (Kind)
        {
            case RoundKind.Split:
            case RoundKind.Dkg:
                var missing = Dealers.Where(d => !dealt.Contains(d)).ToList();
                if (missing.Count > 0)
                    throw new InvalidOperationException($"{Kind} round {Id} needs every dealer's deal; missing operator(s) {string.Join(", ", missing)}");
                return Dealers;
            case RoundKind.Reshare:
                var chosen = _reshareDealers.Values.Where(d => dealt.Contains(d.OperatorId))
                    .OrderBy(d => d.OldIndex.Value).Take(Threshold).Select(d => d.OperatorId).ToList();
                if (chosen.Count < Threshold)
                    throw new InvalidOperationException($"reshare {Id} needs {Threshold} deals, has {chosen.Count}");
                return chosen;
            default:
                throw new InvalidOperationException($"unknown round kind {Kind}");
        }
    }

    /// <summary>The weight of each selected dealer's polynomial in the result.</summary>
    public Scalar[] DealerWeights(IReadOnlyList<ulong> selectedDealers)
    {
        if (Kind != RoundKind.Reshare)
            return selectedDealers.Select(_ => Scalar.One).ToArray();
        return Lagrange.CoefficientsAtZero(selectedDealers.Select(d => ReshareDealerOf(d).OldIndex).ToList());
    }

    private static void ThrowOnDuplicates(IEnumerable<ulong> values, string what)
    {
        var seen = new HashSet<ulong>();
        foreach (var v in values)
        {
            if (!seen.Add(v))
                throw new ArgumentException($"{what} {v} is listed twice");
        }
    }

    public override string ToString() => $"{Kind} {Id}, {Threshold}-of-{Receivers.Count}";
}
