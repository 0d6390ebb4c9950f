using Dvt.Coordinator.Configuration;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>`dvt coordinator init-config --network ...` writes a config `coordinator run` accepts; every error names its option.</summary>
public sealed class CoordinatorInitConfigTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("dvt-init-config-").FullName;

    private string[] Arguments(string network, string output, params string[] more) =>
    [
        "coordinator", "init-config", "--network", network, "--out", output,
        "--rpc-url", "http://127.0.0.1:8545", "--registry", "0x5FbDB2315678afecb367f032d93F642f64180aa3", "--chain-id", "560048", "--peer-listen", "0.0.0.0:9000",
        "--data-dir", Path.Combine(folder, "op"), "--password-file", Path.Combine(folder, "password"), .. more,
    ];

    public CoordinatorInitConfigTests()
    {
        Directory.CreateDirectory(Path.Combine(folder, "op"));
        File.WriteAllText(Path.Combine(folder, "password"), "secret");
    }

    [Fact]
    public async Task It_writes_a_config_that_coordinator_run_reads_with_the_networks_constants()
    {
        var output = Path.Combine(folder, "coordinator.json");
        var run = await DvtExecutable.RunAsync(Arguments("hoodi", output, "--beacon-node-url", "http://127.0.0.1:5052"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"wrote {output}: network hoodi, chain 560048", run.Stdout);

        var config = CoordinatorConfig.Load(output);
        Assert.Equal("hoodi", config.Network.Name);
        Assert.Equal("0x212f13fc4df078b6cb7db228f1c8307566dcecf900867401a92023d7ba99cb5f", config.GenesisValidatorsRoot.ToString());
        Assert.Equal(new Uri("http://127.0.0.1:5052"), config.BeaconNodeUrl);
        Assert.Equal(Path.Combine(folder, "op"), config.DataDir);
        Assert.DoesNotContain("secret", File.ReadAllText(output));

        // Never overwritten.
        var again = await DvtExecutable.RunAsync(Arguments("hoodi", output));
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"error: --out: {output} exists; it is never overwritten", again.Stderr.Trim());
    }

    [Theory]
    [InlineData("mainet", new string[0], "error: --network: 'mainet' is not one of mainnet, hoodi, sepolia, holesky or the path of a consensus-spec config.yaml")]
    [InlineData("hoodi", new[] { "--validator-client-listen", "9001" }, "error: --validator-client-listen:")]
    [InlineData("hoodi", new[] { "--beacon-node-url", "ftp://x" }, "error: --beacon-node-url:")]
    public async Task Every_error_names_the_option(string network, string[] more, string expected)
    {
        var output = Path.Combine(folder, "bad.json");
        var run = await DvtExecutable.RunAsync(Arguments(network, output, more));
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Stderr.Trim());
        Assert.False(File.Exists(output));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
