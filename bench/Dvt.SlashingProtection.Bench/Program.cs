using Dvt.Consensus.Primitives;
using System.Diagnostics;
using Dvt.SlashingProtection;
using Dvt.SlashingProtection.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;

// Check-and-insert throughput beside the raw floor of the same database in the same run: an
// empty exclusive transaction, and one that inserts a single row (SQLite only pays its fsync
// when something is written), measured interleaved with each figure. Ratio = floor ops/s / figure ops/s.
// Then a slot's attestations: --keys keys (default 1000) ask at the same instant, as a holder's validator clients do
// (SQLite commits them in groups, PostgreSQL runs them in parallel transactions), in ops/s beside the sequential figure.
// Usage: Dvt.SlashingProtection.Bench [--postgres CONNECTION_STRING] [--count N] [--keys N]
var postgres = Option("--postgres");
var count = int.Parse(Option("--count") ?? "2000", System.Globalization.CultureInfo.InvariantCulture);
var chain = new GenesisValidatorsRoot(new byte[32]);
var keysAtOnce = int.Parse(Option("--keys") ?? "1000", System.Globalization.CultureInfo.InvariantCulture);

Console.WriteLine($"slashing-protection bench, {count} sequential operations per figure, {Environment.ProcessorCount} cores");
Console.WriteLine($"{"engine",-11} {"figure",-34} {"ops/s",10} {"floor ops/s",12} {"floor",-27} {"ratio",6}");

var folder = Directory.CreateTempSubdirectory("dvt-sp-bench-").FullName;
try
{
    var path = Path.Combine(folder, "bench.sqlite");
    await using (var store = await SqliteSlashingProtectionStore.OpenAsync(path, chain))
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        await SqliteRaw(connectionString, "CREATE TABLE IF NOT EXISTS bench_floor (n INTEGER)", immediate: false);
        await Report("SQLite", store, count,
            ("empty transaction", _ => SqliteRaw(connectionString, null, immediate: true)),
            ("one-row insert transaction", i => SqliteRaw(connectionString, $"INSERT INTO bench_floor VALUES ({i})", immediate: true)));
        await ReportConcurrent("SQLite", store, keysAtOnce);
    }

    if (postgres is null)
    {
        Console.WriteLine("PostgreSQL  skipped: pass --postgres CONNECTION_STRING (a database the bench may create tables in)");
    }
    else
    {
        await using var store = await PostgresSlashingProtectionStore.OpenAsync(postgres, chain);
        await using var dataSource = NpgsqlDataSource.Create(postgres);
        await PostgresRaw(dataSource, "CREATE TABLE IF NOT EXISTS bench_floor (n BIGINT)");
        await Report("PostgreSQL", store, count,
            ("empty transaction", _ => PostgresRaw(dataSource, null)),
            ("one-row insert transaction", i => PostgresRaw(dataSource, $"INSERT INTO bench_floor VALUES ({i})")));
        await ReportConcurrent("PostgreSQL", store, keysAtOnce);
    }
}
finally
{
    SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

static async Task Report(string engine, ISlashingProtectionStore store, int count, params (string Name, Func<int, Task> Operation)[] floors)
{
    // A fresh key per run so the figures do not depend on earlier runs against the same database.
    var key = new byte[48];
    Random.Shared.NextBytes(key);
    var publicKey = new ValidatorPublicKeyBytes(key);
    await store.RegisterValidatorsAsync([publicKey]);

    var figures = new (string Name, Func<int, Task> Operation)[]
    {
        ("block check-and-insert (new slot)", i => Safe(store.CheckAndInsertBlockAsync(publicKey, new Slot((ulong)i + 1), Root(i)))),
        ("attestation check-and-insert", i => Safe(store.CheckAndInsertAttestationAsync(publicKey, new Epoch((ulong)i), new Epoch((ulong)i + 1), Root(i)))),
        ("block refused (double proposal)", i => Refused(store.CheckAndInsertBlockAsync(publicKey, new Slot((ulong)(i % count) + 1), Root(i + 10 * count)))),
    };
    foreach (var (name, operation) in figures)
    {
        var rates = await InterleavedRates(count, [operation, .. floors.Select(f => f.Operation)]);
        for (var f = 0; f < floors.Length; f++)
            Console.WriteLine($"{engine,-11} {name,-34} {rates[0],10:F0} {rates[f + 1],12:F0} {floors[f].Name,-27} {rates[f + 1] / rates[0],6:F2}");
    }
}

static async Task ReportConcurrent(string engine, ISlashingProtectionStore store, int keys)
{
    const int rounds = 5;
    var publicKeys = Enumerable.Range(0, keys).Select(_ =>
    {
        var key = new byte[48];
        Random.Shared.NextBytes(key);
        return new ValidatorPublicKeyBytes(key);
    }).ToArray();
    await store.RegisterValidatorsAsync(publicKeys);
    var rates = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        var epoch = (ulong)round;
        var first = round * keys;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(publicKeys.Select((key, i) => Task.Run(
            () => Safe(store.CheckAndInsertAttestationAsync(key, new Epoch(epoch), new Epoch(epoch + 1), Root(first + i))))));
        rates.Add(keys / watch.Elapsed.TotalSeconds);
    }
    rates.Sort();
    Console.WriteLine($"{engine,-11} {$"attestations, {keys} keys at once",-34} {rates[rounds / 2],10:F0}   p50 of {rounds} slots (min {rates[0]:F0}, max {rates[^1]:F0})");
}

static SigningRoot Root(int i)
{
    var bytes = new byte[32];
    BitConverter.TryWriteBytes(bytes, i + 1);
    bytes[31] = 0xbe;
    return new SigningRoot(bytes);
}

static async Task Safe(Task<SigningDecision> decision)
{
    var d = await decision;
    if (!d.IsSafe)
        throw new InvalidOperationException($"bench request refused: {d}");
}

static async Task Refused(Task<SigningDecision> decision)
{
    var d = await decision;
    if (d.IsSafe)
        throw new InvalidOperationException($"bench request unexpectedly safe: {d}");
}

// Runs the operations in alternating chunks, so that disk and CPU noise from other work on the
// machine falls on the figure and its floors alike; returns each one's operations per second.
static async Task<double[]> InterleavedRates(int count, Func<int, Task>[] operations)
{
    const int warmUp = 50, chunk = 50;
    foreach (var operation in operations)
    {
        for (var i = 0; i < warmUp; i++)
            await operation(i);
    }
    var elapsed = new TimeSpan[operations.Length];
    for (var start = warmUp; start < warmUp + count; start += chunk)
    {
        for (var o = 0; o < operations.Length; o++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = start; i < Math.Min(start + chunk, warmUp + count); i++)
                await operations[o](i);
            elapsed[o] += watch.Elapsed;
        }
    }
    return elapsed.Select(e => count / e.TotalSeconds).ToArray();
}

static async Task SqliteRaw(string connectionString, string? sql, bool immediate)
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = FULL;";
        await pragma.ExecuteNonQueryAsync();
    }
    await using var transaction = connection.BeginTransaction(deferred: !immediate);
    if (sql is not null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
    await transaction.CommitAsync();
}

static async Task PostgresRaw(NpgsqlDataSource dataSource, string? sql)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    if (sql is not null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
    await transaction.CommitAsync();
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
