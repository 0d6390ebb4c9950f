using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>A real anvil with the devnet deposit contract and the registry deployed from the generated bindings' bytecode.</summary>
public sealed class DeployedRegistry : IAsyncLifetime
{
    private AnvilProcess? anvil;

    public AnvilProcess Anvil => anvil ?? throw new InvalidOperationException("not started");

    public RpcClient Rpc { get; private set; } = null!;

    public Address Registry { get; private set; }

    public string RpcUrl => Anvil.HttpUrl.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        anvil = await AnvilProcess.StartAsync();
        Rpc = RpcClient.ForUrl(anvil.HttpUrl);
        using var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[0]);
        var deployer = await TransactionSender.CreateAsync(Rpc, key);
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        Registry = registry.Address;
    }

    /// <summary>Gives an account ETH for gas and deposits (anvil_setBalance).</summary>
    public Task FundAsync(string address, decimal ether) =>
        Rpc.RequestAsync("anvil_setBalance", address, UInt256.Ether(ether).ToQuantity());

    public async Task DisposeAsync()
    {
        if (anvil is not null)
            await anvil.DisposeAsync();
    }
}
