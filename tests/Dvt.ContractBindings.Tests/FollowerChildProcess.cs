using System.Diagnostics;
using System.Globalization;
using Dvt.ContractBindings.Follower;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Tests;

/// <summary>
/// Entry point of this assembly when started as a program: "follow URL EMITTER START DATABASE RANGE" runs a
/// follower with the SQLite effect handler until it has caught up, then exits 0. The kill test starts it with
/// `dotnet exec` and kills it at random moments (the test runner itself never calls Main). "first-touch" prints
/// DvtRegistryContract.RoundStartedEvent.Topic0 as the first thing the process touches.
/// </summary>
public static class FollowerChildProcess
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["first-touch"])
        {
            // Nothing else of the bindings has been touched in this fresh process (StaticInitialisationTests).
            Console.Out.WriteLine(Contracts.DvtRegistryContract.RoundStartedEvent.Topic0.ToString());
            return 0;
        }
        if (args.Length != 6 || args[0] != "follow")
            return 2;
        await using var rpc = RpcClient.ForUrl(new Uri(args[1]));
        await using var store = await SqliteCursorStore.OpenAsync(args[4], "ping");
        await SqliteEffectHandler.CreateTableAsync(store.Connection);
        var follower = new LogFollower(rpc, new LogFilter([Address.Parse(args[2])]), store, new SqliteEffectHandler(), _ => null, new LogFollowerOptions
        {
            Confirmations = 0,
            StartBlock = new BlockNumber(ulong.Parse(args[3], CultureInfo.InvariantCulture)),
            MaxBlockRange = ulong.Parse(args[5], CultureInfo.InvariantCulture),
        });
        // Lock-step with the parent: a line on stdin allows one step, "step" on stdout reports it done;
        // once stdin is closed the follower runs freely to the end. The parent kills it at a moment it picks.
        var free = false;
        while (true)
        {
            if (!free && await Console.In.ReadLineAsync() is null)
                free = true;
            if (await follower.StepAsync() is FollowStep.CaughtUp)
                return 0;
            Console.Out.WriteLine("step");
        }
    }

    /// <summary>Starts this assembly as a follower process.</summary>
    public static Process Start(Uri rpc, Address emitter, BlockNumber start, string database, ulong range)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "exec", typeof(FollowerChildProcess).Assembly.Location, "follow", rpc.ToString(), emitter.ToString(), start.ToString(), database, range.ToString(CultureInfo.InvariantCulture) })
            info.ArgumentList.Add(argument);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the follower process");
    }
}
