using System.Diagnostics;
using Dvt.ContractBindings;

namespace Dvt.Coordinator.Bench;

/// <summary>
/// Many validators requested by one owner of a 3-of-4 cluster, then the coordinators started: time until all are
/// deposited, and each daemon's CPU time and memory (from /proc).
/// </summary>
internal static class ClusterThroughput
{
    public sealed record Result(int Validators, TimeSpan ToAllReady, TimeSpan ToAllDeposited, IReadOnlyList<ProcessUsage> Usage, TimeSpan FloorPerValidatorTx);

    public static async Task<Result> RunAsync(int validators, byte keyGeneration)
    {
        await using var cluster = await BenchCluster.StartAsync(4, null);
        var owner = cluster.Operators[0];
        var credentials = BenchCluster.Credentials(owner.Sender!.Address);
        // Requests go in before the daemons start, so the owner's account is not shared while they run.
        var requests = new List<Task>();
        for (var i = 0; i < validators; i++)
            requests.Add(owner.Sender!.SubmitAsync(new Dvt.ContractBindings.Transactions.TransactionRequest(owner.Address,
                RequestCall(keyGeneration, credentials), BenchCluster.DepositAmount, 600_000)));
        await Task.WhenAll(requests);
        while (await cluster.Reader.ValidatorCountAsync() < (ulong)validators)
            await Task.Delay(50);

        var clock = Stopwatch.StartNew();
        await cluster.StartCoordinatorsAsync();
        TimeSpan? ready = null;
        while (true)
        {
            var readyCount = 0;
            var depositedCount = 0;
            for (ulong id = 1; id <= (ulong)validators; id++)
            {
                var status = (await cluster.Reader.GetValidatorAsync(id)).Status;
                if (status >= 2) readyCount++;
                if (status >= 3) depositedCount++;
            }
            if (readyCount == validators && ready is null)
                ready = clock.Elapsed;
            if (depositedCount == validators)
                break;
            if (clock.Elapsed > TimeSpan.FromMinutes(20))
                throw new TimeoutException($"{depositedCount} of {validators} deposited after 20 minutes");
            await Task.Delay(500);
        }
        var all = clock.Elapsed;
        var usage = cluster.Processes.Select(p => ProcessUsage.Read(p.Id)).ToArray();
        var floorClock = Stopwatch.StartNew();
        await ChainFloor.MeasureAsync(cluster, 1, 1);
        return new Result(validators, ready ?? all, all, usage, floorClock.Elapsed / 3);
    }

    private static byte[] RequestCall(byte keyGeneration, Hash32 credentials) =>
        Dvt.ContractBindings.Contracts.DvtRegistryContract.Abi.Function("requestValidator").EncodeCall((byte)1, keyGeneration, credentials);
}
