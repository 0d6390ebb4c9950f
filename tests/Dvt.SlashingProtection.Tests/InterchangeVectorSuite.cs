using Dvt.SlashingProtection.Interchange;
using Dvt.TestSupport;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// Runs every file of $DVT_VECTORS/eip3076 as its own test against one database engine: a fresh
/// store per file; per step, the import must succeed or fail as stated (a failed import must
/// leave the store untouched), then every block and attestation must be allowed or refused as the
/// minimal strategy's <c>should_succeed</c> says. Finally the store's export must round-trip.
/// </summary>
public abstract class InterchangeVectorSuite
{
    private const string Folder = "eip3076";

    public static IEnumerable<object[]> Files() => TestVectors.Cases(Folder);

    protected abstract StoreBackend Backend { get; }

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public async Task Vector(string file)
    {
        var vector = InterchangeVectorCase.Load(TestVectors.Resolve(Folder, file));
        await using var store = await Backend.OpenNewAsync(vector.GenesisValidatorsRoot);
        await store.RegisterValidatorsAsync(vector.PublicKeys());

        for (var index = 0; index < vector.Steps.Count; index++)
        {
            var step = vector.Steps[index];
            var where = $"{vector.Name} step {index}";
            await ImportAsync(store, step, where);

            foreach (var block in step.Blocks)
            {
                var decision = await store.CheckAndInsertBlockAsync(block.PublicKey, block.Slot, block.SigningRoot);
                Assert.True(decision.IsSafe == block.ShouldSucceed,
                    $"{where}: block at slot {block.Slot} root {block.SigningRoot} expected {(block.ShouldSucceed ? "safe" : "refused")}, got {decision}");
            }
            foreach (var attestation in step.Attestations)
            {
                var decision = await store.CheckAndInsertAttestationAsync(
                    attestation.PublicKey, attestation.Source, attestation.Target, attestation.SigningRoot);
                Assert.True(decision.IsSafe == attestation.ShouldSucceed,
                    $"{where}: attestation {attestation.Source}->{attestation.Target} root {attestation.SigningRoot} expected {(attestation.ShouldSucceed ? "safe" : "refused")}, got {decision}");
            }
        }

        await AssertExportRoundTripsAsync(store);
    }

    private static async Task ImportAsync(ISlashingProtectionStore store, InterchangeVectorCase.Step step, string where)
    {
        var before = InterchangeJson.Write(await store.ExportAsync());
        Exception? failure = null;
        try
        {
            var summary = await store.ImportAsync(InterchangeJson.Parse(step.InterchangeJson));
            // Clashing records can only come from slashable data (in the file or against the database).
            if (!step.ContainsSlashableData)
                Assert.True(summary.ConflictsCollapsed == 0, $"{where}: {summary.ConflictsCollapsed} clashes in data said to hold nothing slashable");
        }
        catch (Exception e) when (e is InterchangeFormatException or InterchangeImportException)
        {
            failure = e;
        }

        if (step.ShouldSucceed)
        {
            Assert.True(failure is null, $"{where}: import should succeed, failed with {failure?.Message}");
        }
        else
        {
            Assert.True(failure is not null, $"{where}: import should fail, but it succeeded");
            Assert.Equal(before, InterchangeJson.Write(await store.ExportAsync()));
        }
    }

    private async Task AssertExportRoundTripsAsync(ISlashingProtectionStore store)
    {
        var exported = InterchangeJson.Write(await store.ExportAsync());
        await using var copy = await Backend.OpenNewAsync(store.GenesisValidatorsRoot);
        await copy.ImportAsync(InterchangeJson.Parse(exported));
        Assert.Equal(exported, InterchangeJson.Write(await copy.ExportAsync()));
    }
}

public sealed class SqliteInterchangeVectorTests : InterchangeVectorSuite, IAsyncLifetime
{
    private readonly SqliteBackend _backend = new();

    protected override StoreBackend Backend => _backend;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresInterchangeVectorTests(PostgresCluster cluster) : InterchangeVectorSuite
{
    protected override StoreBackend Backend
    {
        get
        {
            cluster.RequireRunning();
            return new PostgresBackend(cluster, "vectors");
        }
    }
}
