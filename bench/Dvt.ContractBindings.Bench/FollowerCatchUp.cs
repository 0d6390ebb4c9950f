using System.Diagnostics;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Follower;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;
using Microsoft.Data.Sqlite;

namespace Dvt.ContractBindings.Bench;

/// <summary>
/// The log follower catching up over 100,000 registry Acked events (emitted cheaply by a hand-assembled emitter
/// with the registry's exact event layout), decoding each into its typed record and writing one SQLite row per
/// event in the cursor's transaction; beside the raw floor: the same eth_getLogs requests over plain HTTP, each answer parsed as JSON.
/// </summary>
internal static class FollowerCatchUp
{
    private const int Transactions = 10;
    private const int LogsPerTransaction = 10_000;

    public static async Task RunAsync(AnvilProcess anvil)
    {
        await using var rpc = RpcClient.ForUrl(anvil.HttpUrl, new RpcClientOptions { RequestTimeout = TimeSpan.FromMinutes(2) });
        var sender = await TransactionSender.CreateAsync(rpc, Signing.EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[2]));
        var deployment = await sender.SendAsync(new TransactionRequest(null, EvmSnippets.Deployer(EvmSnippets.LogEmitter(4))));
        var emitter = deployment.ContractAddress!.Value;
        var start = await rpc.BlockNumberAsync();

        var generation = Stopwatch.StartNew();
        var acked = DvtRegistryContract.AckedEvent.Definition;
        var payload = new Nethereum.ABI.ABIEncode().GetABIEncoded(
            new Nethereum.ABI.ABIValue("bytes", new byte[48]), new Nethereum.ABI.ABIValue("bytes32", Keccak256.HashToHash32("shares"u8).ToArray()));
        var pending = new List<SignedTransaction>();
        for (var t = 0; t < Transactions; t++)
        {
            var data = new byte[32 * 5 + payload.Length];
            new UInt256(LogsPerTransaction).WriteBigEndian(data.AsSpan(0, 32));
            acked.Topic0.Bytes.CopyTo(data.AsSpan(32));
            new UInt256((ulong)t + 1).WriteBigEndian(data.AsSpan(64, 32));   // validatorId
            new UInt256(1).WriteBigEndian(data.AsSpan(96, 32));              // round
            new UInt256(3).WriteBigEndian(data.AsSpan(128, 32));             // operatorId
            payload.CopyTo(data, 160);
            pending.Add(await sender.SubmitAsync(new TransactionRequest(emitter, data, GasLimit: 40_000_000)));
        }
        foreach (var p in pending)
        {
            if (!(await sender.WaitForReceiptAsync(p.Hash, CancellationToken.None)).Succeeded)
                throw new InvalidOperationException("emitter transaction failed");
        }
        var head = await rpc.BlockNumberAsync();
        Console.WriteLine($"follower: emitted {Transactions * LogsPerTransaction:N0} Acked events in blocks {start.Value + 1}..{head.Value} in {generation.Elapsed.TotalSeconds:F1} s");

        // Floor: the same eth_getLogs calls (one block each) posted with a plain HttpClient and each answer parsed into
        // a JsonDocument: what the node and the wire cost, nothing of ours. Then the same through our RpcClient into
        // typed LogEntry records, to show where the follower's time goes.
        var filter = new LogFilter([emitter]);
        var (floorLogs, floor) = await RawGetLogsAsync(anvil.HttpUrl, emitter, start.Value + 1, head.Value);
        var typedClock = Stopwatch.StartNew();
        long typedLogs = 0;
        for (var n = start.Value + 1; n <= head.Value; n++)
            typedLogs += (await rpc.GetLogsAsync(filter, new BlockNumber(n), new BlockNumber(n))).Count;
        Figure.Print("eth_getLogs through RpcClient to LogEntry", typedLogs / typedClock.Elapsed.TotalSeconds, "raw eth_getLogs", floor, "events");

        var folder = Directory.CreateTempSubdirectory("dvt-bench-follower-").FullName;
        try
        {
            await using var store = await SqliteCursorStore.OpenAsync(Path.Combine(folder, "follower.db"), "bench");
            await using (var create = store.Connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE acks (block_hash BLOB, log_index INTEGER, validator_id INTEGER, PRIMARY KEY (block_hash, log_index))";
                await create.ExecuteNonQueryAsync();
            }
            var follower = new LogFollower(rpc, filter, store, new AckRecorder(), DvtRegistryContract.DecodeEvent,
                new LogFollowerOptions { Confirmations = 0, StartBlock = start + 1, MaxBlockRange = 1 });
            var clock = Stopwatch.StartNew();
            var handled = await follower.CatchUpAsync();
            var rate = handled / clock.Elapsed.TotalSeconds;
            if (handled != floorLogs)
                throw new InvalidOperationException($"follower handled {handled} events, eth_getLogs returned {floorLogs}");
            Figure.Print($"follower catch-up, {handled:N0} events to SQLite", rate, "raw eth_getLogs", floor, "events");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>eth_getLogs per block over plain HTTP, each answer parsed into a JsonDocument; logs and logs per second.</summary>
    private static async Task<(long Logs, double Rate)> RawGetLogsAsync(Uri url, Address emitter, ulong first, ulong last)
    {
        using var http = new HttpClient();
        long logs = 0;
        var clock = Stopwatch.StartNew();
        for (var n = first; n <= last; n++)
        {
            var body = $$"""{"jsonrpc":"2.0","id":1,"method":"eth_getLogs","params":[{"address":"{{emitter}}","fromBlock":"0x{{n:x}}","toBlock":"0x{{n:x}}"}]}""";
            using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(url, content);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            using var answer = System.Text.Json.JsonDocument.Parse(bytes);
            logs += answer.RootElement.GetProperty("result").GetArrayLength();
        }
        return (logs, logs / clock.Elapsed.TotalSeconds);
    }

    /// <summary>Writes each typed Acked event through the follower's transaction.</summary>
    private sealed class AckRecorder : ILogHandler
    {
        public async Task HandleAsync(IReadOnlyList<FollowedLog> logs, ICursorBatch batch, CancellationToken ct)
        {
            var transaction = (SqliteTransaction)batch.Transaction!;
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO acks (block_hash, log_index, validator_id) VALUES ($h, $i, $v)";
            var hash = command.Parameters.Add("$h", SqliteType.Blob);
            var index = command.Parameters.Add("$i", SqliteType.Integer);
            var validator = command.Parameters.Add("$v", SqliteType.Integer);
            foreach (var log in logs)
            {
                var ack = (DvtRegistryContract.AckedEvent)log.Event!;
                hash.Value = log.BlockHash.ToArray();
                index.Value = (long)log.LogIndex;
                validator.Value = (long)ack.ValidatorId;
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        public Task RollBackAsync(BlockNumber? ancestor, ICursorBatch batch, CancellationToken ct) =>
            throw new InvalidOperationException("no reorgs expected in the benchmark");
    }
}
