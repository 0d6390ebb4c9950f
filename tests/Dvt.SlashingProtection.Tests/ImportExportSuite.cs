using Dvt.Consensus.Primitives;
using Dvt.SlashingProtection.Interchange;
using Dvt.SlashingProtection.Storage;
using static Dvt.SlashingProtection.SigningDecision;

namespace Dvt.SlashingProtection.Tests;

/// <summary>Import is all-or-nothing and bound to one chain; export round-trips; run against each engine.</summary>
public abstract class ImportExportSuite
{
    protected abstract StoreBackend Backend { get; }

    private static readonly ValidatorPublicKeyBytes First = TestKeys.Key(1);
    private static readonly ValidatorPublicKeyBytes Second = TestKeys.Key(2);

    [SkippableFact]
    public async Task ImportFromAnotherChainIsRefusedAndChangesNothing()
    {
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        await store.RegisterValidatorsAsync([First]);
        Assert.IsType<Safe>(await store.CheckAndInsertBlockAsync(First, new Slot(3), TestKeys.Root(1)));
        var before = InterchangeJson.Write(await store.ExportAsync());

        var foreign = new InterchangeDocument(TestKeys.OtherChain, [new InterchangeValidator(Second, [new SignedBlockRecord(new Slot(9), null)], [])]);
        var error = await Assert.ThrowsAsync<InterchangeImportException>(() => store.ImportAsync(foreign));

        Assert.Equal("metadata.genesis_validators_root", error.Field);
        Assert.Equal(before, InterchangeJson.Write(await store.ExportAsync()));
    }

    [SkippableFact]
    public async Task ImportFailingHalfwayChangesNothing()
    {
        var database = await Backend.NewDatabaseAsync();
        await using var store = await Backend.OpenAsync(database, TestKeys.Chain);
        await store.RegisterValidatorsAsync([First]);
        Assert.IsType<Safe>(await store.CheckAndInsertBlockAsync(First, new Slot(3), TestKeys.Root(1)));
        var before = InterchangeJson.Write(await store.ExportAsync());
        await Backend.InjectFailureOnBlockSlotAsync(database, 666);

        // The first key's records are written before the second key's block at slot 666 fails.
        var interchange = new InterchangeDocument(TestKeys.Chain,
        [
            new InterchangeValidator(First,
                [new SignedBlockRecord(new Slot(10), null), new SignedBlockRecord(new Slot(20), null)],
                [new SignedAttestationRecord(new Epoch(5), new Epoch(6), null)]),
            new InterchangeValidator(Second, [new SignedBlockRecord(new Slot(666), null)], []),
        ]);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.ImportAsync(interchange));
        Assert.Contains("injected failure", error.Message);

        Assert.Equal(before, InterchangeJson.Write(await store.ExportAsync()));
        // The watermark the import would have set (slot 20) was rolled back too.
        Assert.IsType<Safe>(await store.CheckAndInsertBlockAsync(First, new Slot(4), TestKeys.Root(2)));
        Assert.IsType<UnknownValidator>(await store.CheckAndInsertBlockAsync(Second, new Slot(700), TestKeys.Root(2)));
    }

    [SkippableFact]
    public async Task OpeningADatabaseOfAnotherChainIsRefused()
    {
        var database = await Backend.NewDatabaseAsync();
        await (await Backend.OpenAsync(database, TestKeys.Chain)).DisposeAsync();

        var error = await Assert.ThrowsAsync<ChainMismatchException>(() => Backend.OpenAsync(database, TestKeys.OtherChain));

        Assert.Equal(TestKeys.Chain, error.Stored);
        Assert.Equal(TestKeys.OtherChain, error.Requested);
    }

    [SkippableFact]
    public async Task ImportMergesRepeatedKeysAndForgetsClashingRoots()
    {
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        var interchange = new InterchangeDocument(TestKeys.Chain,
        [
            new InterchangeValidator(First, [new SignedBlockRecord(new Slot(10), TestKeys.Root(1))], [new SignedAttestationRecord(new Epoch(1), new Epoch(2), TestKeys.Root(3))]),
            new InterchangeValidator(First, [new SignedBlockRecord(new Slot(10), TestKeys.Root(2)), new SignedBlockRecord(new Slot(12), TestKeys.Root(4))], [new SignedAttestationRecord(new Epoch(0), new Epoch(2), null)]),
        ]);

        var summary = await store.ImportAsync(interchange);
        var again = await store.ImportAsync(InterchangeJson.Parse(InterchangeJson.Write(await store.ExportAsync())));

        Assert.Equal(new ImportSummary(Validators: 1, BlocksRead: 3, AttestationsRead: 2, ConflictsCollapsed: 2), summary);
        Assert.Equal(0, again.ConflictsCollapsed);
        var exported = Assert.Single((await store.ExportAsync()).Data);
        Assert.Equal([new SignedBlockRecord(new Slot(10), null), new SignedBlockRecord(new Slot(12), TestKeys.Root(4))], exported.SignedBlocks);
        Assert.Equal([new SignedAttestationRecord(new Epoch(1), new Epoch(2), null)], exported.SignedAttestations);
    }

    [SkippableFact]
    public async Task ExportOfSomeKeysHoldsOnlyThem()
    {
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        await store.RegisterValidatorsAsync([First, Second]);
        Assert.IsType<Safe>(await store.CheckAndInsertBlockAsync(First, new Slot(1), TestKeys.Root(1)));
        Assert.IsType<Safe>(await store.CheckAndInsertAttestationAsync(Second, new Epoch(1), new Epoch(2), TestKeys.Root(2)));

        var exported = await store.ExportAsync([Second]);

        var only = Assert.Single(exported.Data);
        Assert.Equal(Second, only.PublicKey);
        Assert.Equal([new SignedAttestationRecord(new Epoch(1), new Epoch(2), TestKeys.Root(2))], only.SignedAttestations);
        Assert.Empty(only.SignedBlocks);
    }

    [SkippableFact]
    public async Task ExportImportedElsewhereRefusesEverythingAlreadySigned()
    {
        await using var source = await Backend.OpenNewAsync(TestKeys.Chain);
        await source.RegisterValidatorsAsync([First]);
        Assert.IsType<Safe>(await source.CheckAndInsertBlockAsync(First, new Slot(100), TestKeys.Root(1)));
        Assert.IsType<Safe>(await source.CheckAndInsertAttestationAsync(First, new Epoch(10), new Epoch(11), TestKeys.Root(2)));

        await using var destination = await Backend.OpenNewAsync(TestKeys.Chain);
        await destination.ImportAsync(InterchangeJson.Parse(InterchangeJson.Write(await source.ExportAsync())));

        Assert.IsType<BelowLowWatermark>(await destination.CheckAndInsertBlockAsync(First, new Slot(100), TestKeys.Root(1)));
        Assert.IsType<DoubleProposal>(await destination.CheckAndInsertBlockAsync(First, new Slot(100), TestKeys.Root(9)));
        Assert.IsType<BelowLowWatermark>(await destination.CheckAndInsertAttestationAsync(First, new Epoch(10), new Epoch(11), TestKeys.Root(2)));
        Assert.IsType<SurroundingVote>(await destination.CheckAndInsertAttestationAsync(First, new Epoch(9), new Epoch(12), TestKeys.Root(3)));
        Assert.IsType<Safe>(await destination.CheckAndInsertBlockAsync(First, new Slot(101), TestKeys.Root(4)));
        Assert.IsType<Safe>(await destination.CheckAndInsertAttestationAsync(First, new Epoch(11), new Epoch(12), TestKeys.Root(5)));
    }

    [SkippableFact]
    public async Task HistoryMovedFromAShareKeyToTheValidatorKeyLosesNothing()
    {
        // First plays a key share's public key (the old keying), Second the validator's key.
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        await store.RegisterValidatorsAsync([First, Second]);
        Assert.IsType<Safe>(await store.CheckAndInsertBlockAsync(First, new Slot(100), TestKeys.Root(1)));
        Assert.IsType<Safe>(await store.CheckAndInsertAttestationAsync(First, new Epoch(10), new Epoch(11), TestKeys.Root(2)));
        Assert.IsType<Safe>(await store.CheckAndInsertAttestationAsync(Second, new Epoch(3), new Epoch(4), TestKeys.Root(3)));

        Assert.Equal(2, await store.MergeHistoryAsync(First, Second));
        Assert.Equal(0, await store.MergeHistoryAsync(First, Second));

        var exported = await store.ExportAsync();
        var only = Assert.Single(exported.Data);
        Assert.Equal(Second, only.PublicKey);
        Assert.Equal([new SignedBlockRecord(new Slot(100), TestKeys.Root(1))], only.SignedBlocks);
        Assert.Equal(2, only.SignedAttestations.Count);
        Assert.IsType<DoubleProposal>(await store.CheckAndInsertBlockAsync(Second, new Slot(100), TestKeys.Root(9)));
        Assert.IsType<DoubleVote>(await store.CheckAndInsertAttestationAsync(Second, new Epoch(10), new Epoch(11), TestKeys.Root(8)));
        Assert.IsType<SurroundingVote>(await store.CheckAndInsertAttestationAsync(Second, new Epoch(9), new Epoch(12), TestKeys.Root(7)));
        Assert.IsType<Safe>(await store.CheckAndInsertAttestationAsync(Second, new Epoch(11), new Epoch(12), TestKeys.Root(6)));
        Assert.IsType<UnknownValidator>(await store.CheckAndInsertBlockAsync(First, new Slot(200), TestKeys.Root(5)));
    }

    [SkippableFact]
    public async Task RaisedLowWatermarksRefuseEverythingAtOrBeforeThemAndOnlyRise()
    {
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        await store.RaiseLowWatermarksAsync(First, new Slot(64), new Epoch(8), new Epoch(8));
        await store.RaiseLowWatermarksAsync(First, new Slot(10), new Epoch(1), new Epoch(1));

        Assert.IsType<BelowLowWatermark>(await store.CheckAndInsertBlockAsync(First, new Slot(64), TestKeys.Root(1)));
        Assert.IsType<BelowLowWatermark>(await store.CheckAndInsertAttestationAsync(First, new Epoch(7), new Epoch(9), TestKeys.Root(2)));
        Assert.IsType<BelowLowWatermark>(await store.CheckAndInsertAttestationAsync(First, new Epoch(8), new Epoch(8), TestKeys.Root(3)));
        Assert.IsType<Safe>(await store.CheckAndInsertBlockAsync(First, new Slot(65), TestKeys.Root(4)));
        Assert.IsType<Safe>(await store.CheckAndInsertAttestationAsync(First, new Epoch(8), new Epoch(9), TestKeys.Root(5)));
    }
}

public sealed class SqliteImportExportTests : ImportExportSuite, IAsyncLifetime
{
    private readonly SqliteBackend _backend = new();

    protected override StoreBackend Backend => _backend;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresImportExportTests(PostgresCluster cluster) : ImportExportSuite
{
    protected override StoreBackend Backend
    {
        get
        {
            cluster.RequireRunning();
            return new PostgresBackend(cluster, "importexport");
        }
    }
}
