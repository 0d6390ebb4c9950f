namespace Dvt.SlashingProtection.Tests;

/// <summary>The named rule cases of <see cref="SlashingRuleCases"/>, run against each engine.</summary>
public abstract class SlashingRuleSuite
{
    protected abstract StoreBackend Backend { get; }

    public static IEnumerable<object[]> Cases() => SlashingRuleCases.Names();

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Rule(string name)
    {
        var @case = SlashingRuleCases.Named(name);
        await using var store = await Backend.OpenNewAsync(TestKeys.Chain);
        var decision = await SlashingRuleCases.RunAsync(store, @case);
        Assert.Equal(@case.Expected, decision);
    }
}

public sealed class SqliteSlashingRuleTests : SlashingRuleSuite, IAsyncLifetime
{
    private readonly SqliteBackend _backend = new();

    protected override StoreBackend Backend => _backend;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSlashingRuleTests(PostgresCluster cluster) : SlashingRuleSuite
{
    protected override StoreBackend Backend
    {
        get
        {
            cluster.RequireRunning();
            return new PostgresBackend(cluster, "rules");
        }
    }
}
