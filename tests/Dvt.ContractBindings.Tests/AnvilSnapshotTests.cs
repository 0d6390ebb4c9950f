using Dvt.ContractBindings.Rpc;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// Tests sharing one anvil per class: each test starts from a snapshot of the chain and the chain is reverted to it
/// afterwards, so no test sees another's blocks, balances or nonces.
/// </summary>
public abstract class AnvilSnapshotTests(AnvilProcess anvil) : IClassFixture<AnvilProcess>, IAsyncLifetime
{
    private string snapshot = string.Empty;

    protected AnvilProcess Anvil { get; } = anvil;

    protected RpcClient Rpc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Rpc = RpcClient.ForUrl(Anvil.HttpUrl);
        snapshot = await Rpc.SnapshotAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Rpc.RevertToAsync(snapshot);
        await Rpc.DisposeAsync();
    }
}
