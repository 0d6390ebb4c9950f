using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dvt.TestSupport;
using Npgsql;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster for the test run: initdb in a temp folder, started on a free
/// loopback port with trust authentication and the socket in that folder, stopped and deleted on
/// dispose. The server refuses to run as root, so as root it runs as the 'postgres' user. When no
/// server binaries are installed the tests skip with the reason, or fail under CI=true.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private string? _folder;
    private string? _binaries;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task<string>> _databases = new();
    private int _schemaCounter;

    /// <summary>Why the cluster could not start, when it could not.</summary>
    public string? Unavailable { get; private set; }

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        _binaries = FindBinaries();
        if (_binaries is null && IsRoot && File.Exists("/usr/bin/apt-get"))
        {
            // A fresh machine without Debian's server package: install it (root only), then look again.
            if (!await TryRunAsync("apt-get", ["install", "-y", "-q", "postgresql-15"]))
                await TryRunAsync("/bin/sh", ["-c", "apt-get update -q && apt-get install -y -q postgresql-15"]);
            _binaries = FindBinaries();
        }
        if (_binaries is null)
        {
            Unavailable = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install Debian's postgresql-15)";
            return;
        }
        try
        {
            await StartAsync(_binaries);
        }
        catch (Exception e)
        {
            Unavailable = $"could not start a PostgreSQL cluster: {e.Message}";
        }
    }

    /// <summary>Skips the test (or fails it under CI=true) when the cluster is not running.</summary>
    public void RequireRunning()
    {
        if (Unavailable is null)
            return;
        if (TestVectors.IsCi)
            Assert.Fail(Unavailable);
        Skip.If(true, Unavailable);
    }

    /// <summary>
    /// An empty schema, alone on a connection string's search path, in the database kept for
    /// <paramref name="testClass"/> (created on first use): one database per test class, and a
    /// schema per test, which is far cheaper than CREATE DATABASE.
    /// </summary>
    public async Task<string> CreateSchemaAsync(string testClass)
    {
        RequireRunning();
        var database = await _databases.GetOrAdd(testClass.ToLowerInvariant(), CreateDatabaseAsync);
        var schema = $"s{Interlocked.Increment(ref _schemaCounter)}";
        await using (var connection = new NpgsqlConnection(ConnectionString(database)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString(database)) { SearchPath = schema }.ToString();
    }

    private async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public string ConnectionString(string database)
        => new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = "postgres",
            Database = database,
            Pooling = true,
            MaxPoolSize = 20,
            Timeout = 30,
        }.ToString();

    public async Task DisposeAsync()
    {
        if (_folder is null)
            return;
        if (_binaries is not null && File.Exists(Path.Combine(_folder, "data", "postmaster.pid")))
            await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop"], allowFailure: true);
        NpgsqlConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over it.
        }
    }

    private async Task StartAsync(string binaries)
    {
        _folder = Directory.CreateTempSubdirectory("dvt-pg-").FullName;
        var data = Path.Combine(_folder, "data");
        if (IsRoot)
            await RunAsync("chown", ["-R", "postgres:postgres", _folder], allowFailure: false, asPostgres: false);

        await RunAsync(Path.Combine(binaries, "initdb"),
            ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], allowFailure: false);
        Port = FreeLoopbackPort();
        // fsync off: a throwaway cluster whose durability does not matter, only its locking does.
        var options = $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
        await RunAsync(Path.Combine(binaries, "pg_ctl"),
            ["-D", data, "-o", options, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60", "start"], allowFailure: false);
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
            return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> TryRunAsync(string program, string[] arguments)
    {
        try
        {
            await RunAsync(program, arguments, allowFailure: false, asPostgres: false);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, string[] arguments, bool allowFailure, bool asPostgres = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && IsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", program })
                start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = program;
        }
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        start.WorkingDirectory = Path.GetTempPath();
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException(
                $"{Path.GetFileName(program)} exited with {process.ExitCode}: {(await stderr).Trim()} {(await stdout).Trim()}");
    }
}
