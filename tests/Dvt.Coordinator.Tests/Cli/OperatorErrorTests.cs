using System.Text.Json;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Signing;
using Dvt.ContractBindings.Transactions;
using Dvt.TestSupport;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>
/// Mistakes an operator makes, through the real `dvt` executable: each gives one line naming the file, the option
/// or the address, with 1-based line numbers, and no stack trace.
/// </summary>
public sealed class OperatorErrorTests(DeployedRegistry chain) : IClassFixture<DeployedRegistry>, IDisposable
{
    private readonly OperatorWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    private string[] Chain => ["--rpc-url", chain.RpcUrl, "--registry", chain.Registry.ToString()];

    private async Task InitAsync(int n)
    {
        var init = await DvtExecutable.RunAsync(["operator", "init", "--data-dir", workspace.DataDir(n), "--password-file", workspace.PasswordFile, "--kdf", "pbkdf2", "--json"]);
        Assert.True(init.ExitCode == 0, init.ToString());
        using var json = JsonDocument.Parse(init.Stdout);
        await chain.FundAsync(json.RootElement.GetProperty("address").GetString()!, 10);
    }

    [Fact]
    public async Task A_wrong_password_names_the_keystore_it_did_not_open()
    {
        await InitAsync(1);
        var wrong = Path.Combine(workspace.Root, "wrong-password.txt");
        await File.WriteAllTextAsync(wrong, "not the password\n");
        var run = await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "http://127.0.0.1:9999", .. Chain,
            "--data-dir", workspace.DataDir(1), "--password-file", wrong]);
        var line = AssertOneLineError(run, 1);
        Assert.Contains($"keystore {Path.Combine(workspace.DataDir(1), "keys", "ethereum.json")}: wrong password", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_keystore_is_named_with_a_one_based_line_and_column()
    {
        await InitAsync(2);
        var keystore = Path.Combine(workspace.DataDir(2), "keys", "ethereum.json");
        await File.WriteAllTextAsync(keystore, "{\n  \"version\": 3,\n  \"crypto\": }\n");
        var run = await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "http://127.0.0.1:9999", .. Chain,
            "--data-dir", workspace.DataDir(2), "--password-file", workspace.PasswordFile]);
        var line = AssertOneLineError(run, 1);
        Assert.Contains($"keystore {keystore}: not valid JSON at line 3, column 13:", line, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_config_file_with_a_syntax_error_is_named_with_a_one_based_line()
    {
        var config = Path.Combine(workspace.Root, "coordinator.json");
        await File.WriteAllTextAsync(config, "{\n  \"rpcUrl\": \"http://127.0.0.1:8545\"\n  \"chainId\": 1\n}\n");
        var line = AssertOneLineError(await DvtExecutable.RunAsync(["coordinator", "run", "--config", config]), 2);
        Assert.Contains($"--config {config}:", line, StringComparison.Ordinal);
        Assert.Contains("not valid JSON at line 3, column 3:", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contract_that_is_not_a_registry_is_named_as_such()
    {
        using var key = EthereumPrivateKey.FromHex(AnvilProcess.DefaultPrivateKeys[1]);
        var other = await DevnetDepositContract.DeployAsync(await TransactionSender.CreateAsync(chain.Rpc, key));
        var run = await DvtExecutable.RunAsync(["view", "operators", "--rpc-url", chain.RpcUrl, "--registry", other.Address.ToString()]);
        var line = AssertOneLineError(run, 1);
        Assert.StartsWith($"error: not a dvt registry at {other.Address} on ", line, StringComparison.Ordinal);
    }

    private static string AssertOneLineError(DvtRun run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, $"expected exit {exitCode}: {run}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr: {run}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        return lines[0];
    }
}
