using Dvt.Coordinator.Devnet;
using System.Diagnostics;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;

namespace Dvt.Coordinator.Bench;

/// <summary>One validator from request to key ready (PublicKeySet) and to deposit (ValidatorDeposited).</summary>
internal static class EntryLatency
{
    public sealed record Result(int N, string KeyGeneration, string Blocks, ulong BlocksToReady, TimeSpan ToReady, ulong BlocksToDeposit,
        TimeSpan ToDeposit, TimeSpan FloorToReady, TimeSpan FloorToDeposit);

    public static async Task<Result> RunAsync(int n, byte mode, byte keyGeneration, int? blockTimeSeconds)
    {
        await using var cluster = await BenchCluster.StartAsync(n, blockTimeSeconds);
        await cluster.StartCoordinatorsAsync();
        var owner = await cluster.OwnerAsync();
        var credentials = Cli.Validators.WithdrawalCredentials.ForAddress(owner.Sender!.Address);

        var clock = Stopwatch.StartNew();
        var receipt = await owner.RequestValidatorAsync(mode, keyGeneration, credentials, BenchCluster.DepositAmount);
        var validatorId = await cluster.Registry.ValidatorCountAsync();
        TimeSpan? ready = null;
        TimeSpan deposited;
        while (true)
        {
            var status = (await cluster.Registry.GetValidatorAsync(validatorId)).Status;
            if (status >= 2 && ready is null)
                ready = clock.Elapsed;
            if (status >= 3)
            {
                deposited = clock.Elapsed;
                break;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(3))
                throw new TimeoutException($"validator {validatorId} (n = {n}) not deposited in 3 minutes");
            await Task.Delay(10);
        }
        var head = await cluster.Rpc.BlockNumberAsync();
        var keySet = await FirstBlockAsync(cluster, DvtRegistryContract.PublicKeySetEvent.Topic0, receipt.BlockNumber, head);
        var deposit = await FirstBlockAsync(cluster, DvtRegistryContract.ValidatorDepositedEvent.Topic0, receipt.BlockNumber, head);
        var dealers = keyGeneration == 2 ? n : 1;
        var floor = await ChainFloor.MeasureAsync(cluster, dealers, n);
        return new Result(n, keyGeneration == 2 ? "DKG" : "split", blockTimeSeconds is { } s ? $"{s} s" : "automine",
            keySet.Value - receipt.BlockNumber.Value, ready!.Value, deposit.Value - receipt.BlockNumber.Value, deposited, floor.ToReady, floor.ToDeposit);
    }

    private static async Task<BlockNumber> FirstBlockAsync(DevnetCluster cluster, Hash32 topic, BlockNumber from, BlockNumber to)
    {
        var logs = await cluster.Rpc.GetLogsAsync(new LogFilter([cluster.Registry.Address], [[topic]]), from, to);
        return logs.Count > 0 ? logs[0].BlockNumber : throw new InvalidOperationException($"no {topic} event between {from} and {to}");
    }
}
