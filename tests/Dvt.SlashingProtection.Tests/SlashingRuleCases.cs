using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Interchange;
using static Dvt.SlashingProtection.SigningDecision;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// Named cases of the rules: a history (local signings that must each be safe, or imports), then
/// one request and the exact decision expected, evidence included.
/// </summary>
public static class SlashingRuleCases
{
    public abstract record HistoryStep;

    public sealed record SignedBlock(ulong Slot, SigningRoot Root) : HistoryStep;

    public sealed record SignedAttestation(ulong Source, ulong Target, SigningRoot Root) : HistoryStep;

    public sealed record Imported(SignedBlockRecord[] Blocks, SignedAttestationRecord[] Attestations) : HistoryStep;

    public abstract record Request;

    public sealed record BlockRequest(ulong Slot, SigningRoot Root) : Request;

    public sealed record AttestationRequest(ulong Source, ulong Target, SigningRoot Root) : Request;

    public sealed record Case(string Name, HistoryStep[] History, Request Request, SigningDecision Expected, bool Registered = true);

    private static readonly SigningRoot A = TestKeys.Root(1);
    private static readonly SigningRoot B = TestKeys.Root(2);
    private static readonly SigningRoot Zero = SigningRoot.Zero;

    private static SignedAttestationRecord Att(ulong s, ulong t, SigningRoot? r = null) => new(new Epoch(s), new Epoch(t), r);

    private static SignedBlockRecord Blk(ulong slot, SigningRoot? r = null) => new(new Slot(slot), r);

    public static readonly Case[] All =
    [
        // ---- attestations ----
        new("FirstAttestation", [], new AttestationRequest(0, 1, A), new Safe()),
        new("GenesisSourceEqualsTarget", [], new AttestationRequest(0, 0, A), new Safe()),
        new("NextAttestation", [new SignedAttestation(10, 20, A)], new AttestationRequest(20, 21, B), new Safe()),
        new("SameRootRepeatAllowed", [new SignedAttestation(10, 20, A)], new AttestationRequest(10, 20, A), new SafeRepeat(Att(10, 20, A))),
        new("DoubleVote", [new SignedAttestation(10, 20, A)], new AttestationRequest(11, 20, B), new DoubleVote(Att(10, 20, A))),
        new("DoubleVoteOtherSourceSameRoot", [new SignedAttestation(10, 20, A)], new AttestationRequest(11, 20, A), new DoubleVote(Att(10, 20, A))),
        new("DoubleVoteSameSourceOtherRoot", [new SignedAttestation(10, 20, A)], new AttestationRequest(10, 20, B), new DoubleVote(Att(10, 20, A))),
        new("UnknownRootNeverRepeats", [new SignedAttestation(10, 20, Zero)], new AttestationRequest(10, 20, Zero), new DoubleVote(Att(10, 20))),
        new("Surrounding", [new SignedAttestation(10, 20, A)], new AttestationRequest(9, 21, B), new SurroundingVote(Att(10, 20, A))),
        new("SurroundingSeveralReportsEarliest", [new SignedAttestation(10, 20, A), new SignedAttestation(20, 30, B)],
            new AttestationRequest(5, 35, A), new SurroundingVote(Att(10, 20, A))),
        new("Surrounded", [new SignedAttestation(10, 20, A)], new AttestationRequest(11, 19, B), new SurroundedVote(Att(10, 20, A))),
        new("SurroundedByOlderWideVote", [new SignedAttestation(2, 50, A), new SignedAttestation(49, 51, B)],
            new AttestationRequest(3, 49, A), new SurroundedVote(Att(2, 50, A))),
        new("SameSourceLaterTargetIsNotSurround", [new SignedAttestation(10, 20, A)], new AttestationRequest(10, 25, B), new Safe()),
        new("EarlierSourceThanStored", [new SignedAttestation(10, 20, A)], new AttestationRequest(9, 19, B),
            new BelowLowWatermark(LowWatermark.EarliestSourceEpoch, 10, 9)),
        new("EarlierTargetThanStored", [new SignedAttestation(10, 20, A)], new AttestationRequest(10, 19, B),
            new BelowLowWatermark(LowWatermark.EarliestTargetEpoch, 20, 19)),
        new("SourceAfterTarget", [], new AttestationRequest(5, 4, A), new InvalidSourceAfterTarget(new Epoch(5), new Epoch(4))),
        new("UnknownValidatorAttestation", [], new AttestationRequest(1, 2, A), new UnknownValidator(TestKeys.Key(1)), Registered: false),
        new("ImportedSourceWatermark", [new Imported([], [Att(10, 20)])], new AttestationRequest(9, 19, A),
            new BelowLowWatermark(LowWatermark.ImportedSourceEpoch, 10, 9)),
        new("ImportedTargetWatermark", [new Imported([], [Att(10, 20)])], new AttestationRequest(10, 19, A),
            new BelowLowWatermark(LowWatermark.ImportedTargetEpoch, 20, 19)),
        new("ImportedSameRootRepeatRefused", [new Imported([], [Att(10, 20, A)])], new AttestationRequest(10, 20, A),
            new BelowLowWatermark(LowWatermark.ImportedTargetEpoch, 20, 20)),
        new("ImportedWatermarksAreMaxima", [new Imported([], [Att(1, 5), Att(12, 13)])], new AttestationRequest(11, 12, A),
            new BelowLowWatermark(LowWatermark.ImportedSourceEpoch, 12, 11)),
        new("AfterImportNewerAllowed", [new Imported([], [Att(10, 20)])], new AttestationRequest(10, 21, A), new Safe()),
        new("ImportKeepsLocalHistoryAboveFile", [new SignedAttestation(30, 40, A), new Imported([], [Att(10, 20)])],
            new AttestationRequest(35, 40, B), new DoubleVote(Att(30, 40, A))),
        new("ImportRaisesWatermarkToLocalMaximum", [new SignedAttestation(30, 40, A), new Imported([], [Att(10, 20)])],
            new AttestationRequest(29, 35, B), new BelowLowWatermark(LowWatermark.ImportedSourceEpoch, 30, 29)),
        new("SurroundReportedBeforeImportedWatermark", [new Imported([], [Att(10, 20)])], new AttestationRequest(9, 21, A),
            new SurroundingVote(Att(10, 20))),

        // ---- blocks ----
        new("FirstBlock", [], new BlockRequest(10, A), new Safe()),
        new("LaterBlock", [new SignedBlock(10, A)], new BlockRequest(11, B), new Safe()),
        new("DoubleProposal", [new SignedBlock(10, A)], new BlockRequest(10, B), new DoubleProposal(Blk(10, A))),
        new("BlockSameRootRepeatAllowed", [new SignedBlock(10, A)], new BlockRequest(10, A), new SafeRepeat(Blk(10, A))),
        new("BlockUnknownRootNeverRepeats", [new SignedBlock(10, Zero)], new BlockRequest(10, Zero), new DoubleProposal(Blk(10))),
        new("EarlierSlotThanStored", [new SignedBlock(10, A)], new BlockRequest(9, B), new BelowLowWatermark(LowWatermark.EarliestBlockSlot, 10, 9)),
        new("GapBetweenStoredSlotsAllowed", [new SignedBlock(10, A), new SignedBlock(20, B)], new BlockRequest(15, A), new Safe()),
        new("UnknownValidatorBlock", [], new BlockRequest(1, A), new UnknownValidator(TestKeys.Key(1)), Registered: false),
        new("ImportedSlotWatermark", [new Imported([Blk(10)], [])], new BlockRequest(5, A), new BelowLowWatermark(LowWatermark.ImportedBlockSlot, 10, 5)),
        new("ImportedBlockRepeatRefused", [new Imported([Blk(10, A)], [])], new BlockRequest(10, A), new BelowLowWatermark(LowWatermark.ImportedBlockSlot, 10, 10)),
        new("ImportedDifferentBlockAtSlot", [new Imported([Blk(10, A)], [])], new BlockRequest(10, B), new DoubleProposal(Blk(10, A))),
        new("ImportRaisesBlockWatermarkToLocalMaximum",
            [new SignedBlock(10, A), new SignedBlock(20, A), new SignedBlock(30, A), new Imported([Blk(5)], [])],
            new BlockRequest(25, B), new BelowLowWatermark(LowWatermark.ImportedBlockSlot, 30, 25)),
        new("ImportOfConflictingBlocksForgetsRoot", [new Imported([Blk(10, A), Blk(10, B)], [])], new BlockRequest(11, A), new Safe()),
        new("AttestationImportLeavesBlocksAlone", [new Imported([], [Att(10, 20)])], new BlockRequest(1, A), new Safe()),
        new("HighestSlot", [new SignedBlock(ulong.MaxValue - 1, A)], new BlockRequest(ulong.MaxValue, B), new Safe()),
        new("HighestSlotOrdersAboveZero", [new SignedBlock(ulong.MaxValue, A)], new BlockRequest(0, B),
            new BelowLowWatermark(LowWatermark.EarliestBlockSlot, ulong.MaxValue, 0)),
    ];

    public static IEnumerable<object[]> Names() => All.Select(c => new object[] { c.Name });

    public static Case Named(string name) => All.Single(c => c.Name == name);

    public static async Task<SigningDecision> RunAsync(ISlashingProtectionStore store, Case @case)
    {
        var key = TestKeys.Key(1);
        if (@case.Registered)
            await store.RegisterValidatorsAsync([key]);
        foreach (var step in @case.History)
        {
            var decision = step switch
            {
                SignedBlock b => await store.CheckAndInsertBlockAsync(key, new Slot(b.Slot), b.Root),
                SignedAttestation a => await store.CheckAndInsertAttestationAsync(key, new Epoch(a.Source), new Epoch(a.Target), a.Root),
                Imported i => await ImportAsync(store, key, i),
                _ => throw new InvalidOperationException($"unknown history step {step}"),
            };
            Assert.True(decision.IsSafe, $"{@case.Name}: history step {step} was refused: {decision}");
        }
        return @case.Request switch
        {
            BlockRequest b => await store.CheckAndInsertBlockAsync(key, new Slot(b.Slot), b.Root),
            AttestationRequest a => await store.CheckAndInsertAttestationAsync(key, new Epoch(a.Source), new Epoch(a.Target), a.Root),
            _ => throw new InvalidOperationException($"unknown request {@case.Request}"),
        };
    }

    private static async Task<SigningDecision> ImportAsync(ISlashingProtectionStore store, ValidatorPublicKeyBytes key, Imported imported)
    {
        await store.ImportAsync(new InterchangeDocument(store.GenesisValidatorsRoot, [new InterchangeValidator(key, imported.Blocks, imported.Attestations)]));
        return new Safe();
    }
}
