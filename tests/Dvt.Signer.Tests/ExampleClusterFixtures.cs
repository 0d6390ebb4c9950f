using Dvt.Signer.Tests.Cluster;

namespace Dvt.Signer.Tests;

/// <summary>A running cluster shared by the tests of one class; one validator per Lodestar example so examples never conflict.</summary>
public abstract class ExampleClusterFixture(int threshold, int shareCount) : IAsyncLifetime
{
    public SignerCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await SignerCluster.StartAsync(threshold, shareCount, validatorCount: 16);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class ThreeOfFourFixture() : ExampleClusterFixture(3, 4);

public sealed class FiveOfSevenFixture() : ExampleClusterFixture(5, 7);
