using System.Text.Json;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>
/// The real `dvt` executable against a real anvil with the registry deployed: operators created and registered,
/// validators requested, the chain read back through the views, and bad input refused in one line.
/// </summary>
public sealed class DvtCliTests(DeployedRegistry chain) : IClassFixture<DeployedRegistry>, IDisposable
{
    private readonly OperatorWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    private string[] Chain => ["--rpc-url", chain.RpcUrl, "--registry", chain.Registry.ToString()];

    private string[] Keys(int n) => ["--data-dir", workspace.DataDir(n), "--password-file", workspace.PasswordFile];

    private async Task<string> InitAndRegisterAsync(int n)
    {
        var init = await DvtExecutable.RunAsync(["operator", "init", .. Keys(n), "--kdf", "pbkdf2", "--json"]);
        Assert.True(init.ExitCode == 0, init.ToString());
        using var json = JsonDocument.Parse(init.Stdout);
        var address = json.RootElement.GetProperty("address").GetString()!;
        Assert.Matches("^0x[0-9a-fA-F]{40}$", address);
        Assert.Matches("^0x0[23][0-9a-f]{64}$", json.RootElement.GetProperty("shareEncryptionPublicKey").GetString()!);
        await chain.FundAsync(address, 100);
        var register = await DvtExecutable.RunAsync(["operator", "register", "--endpoint", $"http://127.0.0.1:{9100 + n}", .. Chain, .. Keys(n)]);
        Assert.True(register.ExitCode == 0, register.ToString());
        Assert.Contains("registered operator", register.Stdout);
        return address;
    }

    [Fact]
    public async Task Four_operators_register_and_a_dvt_and_a_solo_validator_show_in_the_views()
    {
        var before = await ViewJsonAsync("operators");
        var operatorsBefore = before.RootElement.GetProperty("operators").GetArrayLength();
        var addresses = new List<string>();
        for (var n = 1; n <= 4; n++)
            addresses.Add(await InitAndRegisterAsync(n));

        using var operators = await ViewJsonAsync("operators");
        var listed = operators.RootElement.GetProperty("operators").EnumerateArray().Skip(operatorsBefore).ToArray();
        Assert.Equal(4, listed.Length);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(addresses[i], listed[i].GetProperty("owner").GetString(), ignoreCase: true);
            Assert.Equal("active", listed[i].GetProperty("status").GetString());
            Assert.Equal($"http://127.0.0.1:{9101 + i}", listed[i].GetProperty("endpoint").GetString());
        }

        var add = await DvtExecutable.RunAsync(["validator", "add", "--mode", "3-of-4", .. Chain, .. Keys(1)]);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("mode 3-of-4, kind dvt", add.Stdout);
        var solo = await DvtExecutable.RunAsync(["validator", "add", "--mode", "solo", "--withdrawal-address", addresses[3], .. Chain, .. Keys(2)]);
        Assert.True(solo.ExitCode == 0, solo.ToString());
        Assert.Contains("mode solo, kind solo", solo.Stdout);

        using var validators = await ViewJsonAsync("validators");
        var all = validators.RootElement.GetProperty("validators").EnumerateArray().ToArray();
        var dvt = all[^2];
        Assert.Equal("3-of-4", dvt.GetProperty("mode").GetString());
        Assert.Equal("dvt", dvt.GetProperty("kind").GetString());
        Assert.Equal("requested", dvt.GetProperty("status").GetString());
        Assert.Equal(4, dvt.GetProperty("holders").GetArrayLength());
        Assert.Equal("split", dvt.GetProperty("keyGeneration").GetString());
        Assert.Equal("split", dvt.GetProperty("round").GetProperty("kind").GetString());
        Assert.Equal("dealing", dvt.GetProperty("round").GetProperty("status").GetString());
        Assert.True(dvt.GetProperty("fundsHeld").GetBoolean());
        Assert.Equal(JsonValueKind.Null, dvt.GetProperty("publicKey").ValueKind);
        var soloView = all[^1];
        Assert.Equal("solo", soloView.GetProperty("kind").GetString());
        Assert.Equal(1, soloView.GetProperty("holders").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, soloView.GetProperty("round").ValueKind);
        Assert.Equal("0x010000000000000000000000" + addresses[3][2..].ToLowerInvariant(), soloView.GetProperty("withdrawalCredentials").GetString());

        var table = await DvtExecutable.RunAsync(["view", "validators", .. Chain]);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("3-of-4", table.Stdout);
        Assert.Contains("split dealing 0/1", table.Stdout);
        Assert.Contains("pending exits: none", table.Stdout);
        var id = dvt.GetProperty("id").GetUInt64();
        var one = await DvtExecutable.RunAsync(["view", "validator", id.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Chain]);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("share 4", one.Stdout);
        Assert.Contains("http://127.0.0.1:910", one.Stdout);

        // The owner exits its solo validator before any deposit: the registry refunds the 32 ETH and it is exited at once;
        // a second exit is refused with the status decoded by name.
        var soloId = soloView.GetProperty("id").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var exit = await DvtExecutable.RunAsync(["validator", "exit", soloId, .. Chain, .. Keys(2)]);
        Assert.True(exit.ExitCode == 0, exit.ToString());
        using var afterExit = await ViewJsonAsync("validator", soloId);
        var exited = afterExit.RootElement.GetProperty("validator");
        Assert.Equal("exited", exited.GetProperty("status").GetString());
        Assert.False(exited.GetProperty("pendingExit").GetBoolean());
        Assert.Equal(0, exited.GetProperty("holders").GetArrayLength());
        Assert.False(exited.GetProperty("fundsHeld").GetBoolean());
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "exit", soloId, .. Chain, .. Keys(2)]), 1, $"WrongValidatorStatus(validatorId={soloId}, status=exited)");
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "exit", id.ToString(System.Globalization.CultureInfo.InvariantCulture), .. Chain, .. Keys(2)]), 1, "NotValidatorOwner(");
    }

    [Fact]
    public async Task Contract_refusals_are_one_line_with_the_custom_error_decoded()
    {
        await InitAndRegisterAsync(5);
        var again = await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "http://127.0.0.1:9999", .. Chain, .. Keys(5)]);
        AssertOneLineError(again, 1, "AlreadyRegistered(owner=");

        var unknown = await DvtExecutable.RunAsync(["validator", "exit", "4242", .. Chain, .. Keys(5)]);
        AssertOneLineError(unknown, 1, "UnknownValidator(validatorId=4242)");

        var missing = await DvtExecutable.RunAsync(["view", "validator", "4242", .. Chain]);
        AssertOneLineError(missing, 1, "validator 4242 does not exist");
    }

    [Fact]
    public async Task Local_mistakes_are_one_line_errors_with_the_right_exit_code()
    {
        var init = await DvtExecutable.RunAsync(["operator", "init", .. Keys(6), "--kdf", "pbkdf2"]);
        Assert.True(init.ExitCode == 0, init.ToString());
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "init", .. Keys(6), "--kdf", "pbkdf2"]), 1, "refusing to overwrite");

        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "add", "--mode", "2-of-3", .. Chain, .. Keys(6)]), 2, "2-of-3");
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "add", .. Chain, .. Keys(6)]), 2, "--mode");
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "add", "--mode", "solo", "--keygen", "dkg", .. Chain, .. Keys(6)]), 2, "--keygen");
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "add", "--mode", "3-of-4", "--withdrawal-address", "0x1234", .. Chain, .. Keys(6)]), 2, "--withdrawal-address");
        AssertOneLineError(await DvtExecutable.RunAsync(["view", "operators", "--registry", "0xnot-an-address", "--rpc-url", chain.RpcUrl]), 2, "--registry");
        AssertOneLineError(await DvtExecutable.RunAsync(["view", "operators", "--rpc-url", chain.RpcUrl]), 2, "--registry");
        AssertOneLineError(await DvtExecutable.RunAsync(["view", "operators", "--rpc-url", "ftp://x", "--registry", chain.Registry.ToString()]), 2, "--rpc-url");
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "not a url", .. Chain, .. Keys(6)]), 2, "--endpoint");
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "http://x", .. Chain, "--data-dir", workspace.DataDir(6)]), 2, "--password-file");
        AssertOneLineError(await DvtExecutable.RunAsync(["no-such-command"]), 2, "no-such-command");
        AssertOneLineError(await DvtExecutable.RunAsync(["view", "operators", "--rpc-url", chain.RpcUrl, "--registry", "0x000000000000000000000000000000000000dEaD"]), 1, "no contract at");

        var wrong = Path.Combine(workspace.Root, "wrong.txt");
        await File.WriteAllTextAsync(wrong, "not the password");
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "http://x", .. Chain, "--data-dir", workspace.DataDir(6), "--password-file", wrong]), 1, "password");
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "register", "--endpoint", "http://x", .. Chain, .. Keys(7)]), 1, "dvt operator init");

        AssertOneLineError(await DvtExecutable.RunAsync("coordinator", "run", "--config", Path.Combine(workspace.Root, "missing.json")), 2, "does not exist");
        var badConfig = Path.Combine(workspace.Root, "bad-config.json");
        await File.WriteAllTextAsync(badConfig, "{\"rpcUrl\": \"http://127.0.0.1:1\", \"colour\": \"blue\"}");
        AssertOneLineError(await DvtExecutable.RunAsync("coordinator", "run", "--config", badConfig), 2, "'colour'");
        AssertOneLineError(await DvtExecutable.RunAsync("devnet", "--operators", "2"), 2, "--operators");

        var help = await DvtExecutable.RunAsync("validator", "add", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--import-keystore", help.Stdout);
    }

    [Fact]
    public async Task An_existing_keystore_is_staged_for_the_coordinator_and_requested()
    {
        await InitAndRegisterAsync(9);
        using var key = Dvt.Crypto.Bls.BlsSecretKey.Generate();
        var keystoreFile = Path.Combine(workspace.Root, "keystore-m_12381_3600_0_0_0.json");
        var keystore = Dvt.Crypto.Keystores.Keystore.Encrypt(key, "validator password",
            new Dvt.Crypto.Keystores.KeystoreEncryptionOptions { Kdf = Dvt.Crypto.Keystores.KdfParameters.DefaultPbkdf2() });
        await File.WriteAllTextAsync(keystoreFile, keystore.ToJson());
        var keystorePassword = Path.Combine(workspace.Root, "keystore-password.txt");
        await File.WriteAllTextAsync(keystorePassword, "validator password\n");
        var wrongPassword = Path.Combine(workspace.Root, "keystore-wrong.txt");
        await File.WriteAllTextAsync(wrongPassword, "not it");
        string[] import = ["validator", "add", "--import-keystore", keystoreFile, .. Chain, .. Keys(9)];

        AssertOneLineError(await DvtExecutable.RunAsync([.. import, "--mode", "solo"]), 2, "--keystore-password-file");
        AssertOneLineError(await DvtExecutable.RunAsync([.. import, "--mode", "3-of-4", "--keygen", "dkg", "--keystore-password-file", keystorePassword]), 2, "--keygen dkg");
        AssertOneLineError(await DvtExecutable.RunAsync([.. import, "--mode", "solo", "--keystore-password-file", wrongPassword]), 1, "wrong password");
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "add", "--mode", "solo", "--already-deposited", .. Chain, .. Keys(9)]), 2, "--already-deposited");

        var added = await DvtExecutable.RunAsync([.. import, "--mode", "solo", "--keystore-password-file", keystorePassword]);
        Assert.True(added.ExitCode == 0, added.ToString());
        var publicKey = key.PublicKey.Bytes.ToHex();
        Assert.Contains($"staged key {publicKey}", added.Stdout);
        Assert.Contains($"imported {publicKey}", added.Stdout);
        Assert.True(File.Exists(new Dvt.Coordinator.Keys.DataDirectory(workspace.DataDir(9)).ImportKeystore(publicKey)), "the key is not staged in keys/imports/");

        // A key already active on the beacon chain: importValidator, no 32 ETH, the public key on-chain at once.
        using var active = Dvt.Crypto.Bls.BlsSecretKey.Generate();
        var activeFile = Path.Combine(workspace.Root, "keystore-active.json");
        await File.WriteAllTextAsync(activeFile, Dvt.Crypto.Keystores.Keystore.Encrypt(active, "validator password",
            new Dvt.Crypto.Keystores.KeystoreEncryptionOptions { Kdf = Dvt.Crypto.Keystores.KdfParameters.DefaultPbkdf2() }).ToJson());
        var imported = await DvtExecutable.RunAsync(["validator", "add", "--mode", "solo", "--import-keystore", activeFile, "--already-deposited",
            "--keystore-password-file", keystorePassword, .. Chain, .. Keys(9)]);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        using var validators = await ViewJsonAsync("validators");
        var last = validators.RootElement.GetProperty("validators").EnumerateArray().Last();
        Assert.Equal(active.PublicKey.Bytes.ToHex(), last.GetProperty("publicKey").GetString());
        Assert.Equal("deposited", last.GetProperty("status").GetString());
        Assert.False(last.GetProperty("fundsHeld").GetBoolean());
    }

    [Fact]
    public async Task Slashing_protection_interchange_round_trips_through_the_data_directory()
    {
        var dir = workspace.DataDir(8);
        Directory.CreateDirectory(dir);
        var interchange = Path.Combine(workspace.Root, "in.json");
        const string Root = "0x04700007fabc8282644aed6d1c7c9e21d38a03a0c4ba193f3afe428824b3a673";
        const string Key = "0xa99a76ed7796f7be22d5b7e85deeb7c5677e88e511e0b337618f8c4eb61349b4bf2d153f649f7b53359fe8b94a38e44c";
        await File.WriteAllTextAsync(interchange, $$"""
            {"metadata":{"interchange_format_version":"5","genesis_validators_root":"{{Root}}"},
             "data":[{"pubkey":"{{Key}}","signed_blocks":[{"slot":"81952","signing_root":"0x4ff6f743a43f3b4f95350831aeaf0a122a1a392922c45d804280284a69eb850b"}],
                      "signed_attestations":[{"source_epoch":"2290","target_epoch":"3007","signing_root":"0x587d6a4f59a58fe24f406e0502413e77fe1babddee641fda30034ed37ecc884d"}]}]}
            """);
        AssertOneLineError(await DvtExecutable.RunAsync(["slashing-protection", "export", "--data-dir", dir, Path.Combine(workspace.Root, "none.json")]), 1, "no slashing-protection database");

        var import = await DvtExecutable.RunAsync("slashing-protection", "import", "--data-dir", dir, interchange);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("imported 1 keys (1 blocks, 1 attestations", import.Stdout);

        var output = Path.Combine(workspace.Root, "out.json");
        var export = await DvtExecutable.RunAsync("slashing-protection", "export", "--data-dir", dir, output);
        Assert.True(export.ExitCode == 0, export.ToString());
        using var exported = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(Root, exported.RootElement.GetProperty("metadata").GetProperty("genesis_validators_root").GetString());
        var data = exported.RootElement.GetProperty("data")[0];
        Assert.Equal(Key, data.GetProperty("pubkey").GetString());
        Assert.Equal("81952", data.GetProperty("signed_blocks")[0].GetProperty("slot").GetString());
        Assert.Equal("3007", data.GetProperty("signed_attestations")[0].GetProperty("target_epoch").GetString());

        AssertOneLineError(await DvtExecutable.RunAsync("slashing-protection", "export", "--data-dir", dir, output), 2, "already exists");
        var otherChain = Path.Combine(workspace.Root, "other.json");
        await File.WriteAllTextAsync(otherChain, (await File.ReadAllTextAsync(interchange)).Replace(Root, "0x" + new string('1', 64), StringComparison.Ordinal));
        AssertOneLineError(await DvtExecutable.RunAsync("slashing-protection", "import", "--data-dir", dir, otherChain), 1, "belongs to");

        // --network names the chain the history must be for: a file or a database of another chain is refused whole.
        AssertOneLineError(await DvtExecutable.RunAsync("slashing-protection", "import", "--data-dir", dir, "--network", "mainnet", interchange), 1,
            "but --network mainnet is 0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95; nothing imported");
        AssertOneLineError(await DvtExecutable.RunAsync("slashing-protection", "export", "--data-dir", dir, "--network", "mainnet", Path.Combine(workspace.Root, "mainnet.json")), 1,
            "nothing exported");
        Assert.False(File.Exists(Path.Combine(workspace.Root, "mainnet.json")));
        AssertOneLineError(await DvtExecutable.RunAsync("slashing-protection", "import", "--data-dir", dir, "--network", "nowhere", interchange), 2, "--network: ");
    }

    [Fact]
    public async Task An_operator_moves_its_endpoint_restricts_its_draws_and_sets_a_fee_recipient()
    {
        var owner = await InitAndRegisterAsync(7);
        for (var n = 8; n <= 11; n++)
            await InitAndRegisterAsync(n);
        using var listedBefore = await ViewJsonAsync("operators");
        var ids = listedBefore.RootElement.GetProperty("operators").EnumerateArray().Select(o => o.GetProperty("id").GetUInt64()).ToArray();
        var mine = ids[^5];
        var allowed = ids[^4..^1]; // three of the four others: exactly the holders a 3-of-4 can draw

        var moved = await DvtExecutable.RunAsync(["operator", "set-endpoint", "https://moved.example:9443", .. Chain, .. Keys(7)]);
        Assert.True(moved.ExitCode == 0, moved.ToString());
        using (var view = await ViewJsonAsync("operators"))
            Assert.Equal("https://moved.example:9443", view.RootElement.GetProperty("operators").EnumerateArray().Single(o => o.GetProperty("id").GetUInt64() == mine).GetProperty("endpoint").GetString());
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "set-endpoint", "ftp://x", .. Chain, .. Keys(7)]), 2, "URL: 'ftp://x' is not an absolute http(s) URL");

        var allow = await DvtExecutable.RunAsync(["operator", "allow-list", .. allowed.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. Chain, .. Keys(7)]);
        Assert.True(allow.ExitCode == 0, allow.ToString());
        AssertOneLineError(await DvtExecutable.RunAsync(["operator", "allow-list", "3", "3", .. Chain, .. Keys(7)]), 2, "ID 2: operator 3 is named twice");

        // The request's CLI makes the draw when due: the holders are the owner and exactly the allowed three.
        var add = await DvtExecutable.RunAsync(["validator", "add", "--mode", "3-of-4", .. Chain, .. Keys(7)]);
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("holders drawn", add.Stdout);
        using var validators = await ViewJsonAsync("validators");
        var v = validators.RootElement.GetProperty("validators").EnumerateArray().Last();
        var holders = v.GetProperty("holders").EnumerateArray().Select(h => h.GetUInt64()).Order().ToArray();
        Assert.Equal([mine, .. allowed], holders);

        var id = v.GetProperty("id").GetUInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = await DvtExecutable.RunAsync(["validator", "fee-recipient", id, .. Chain]);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains(owner[2..].ToLowerInvariant(), shown.Stdout.ToLowerInvariant()); // default: the withdrawal address (the operator's)
        var set = await DvtExecutable.RunAsync(["validator", "fee-recipient", id, "0x00000000000000000000000000000000000fee01", .. Chain, .. Keys(7)]);
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("fee01", set.Stdout.ToLowerInvariant());
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "fee-recipient", id, "0x00000000000000000000000000000000000fee02", .. Chain, .. Keys(8)]), 1, "NotValidatorOwner(");
        AssertOneLineError(await DvtExecutable.RunAsync(["validator", "fee-recipient", id, "nope", .. Chain, .. Keys(7)]), 2, "ADDR: 'nope' is not a 20-byte hex address");
    }

    private async Task<JsonDocument> ViewJsonAsync(params string[] what)
    {
        var run = await DvtExecutable.RunAsync(["view", .. what, "--json", .. Chain]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonDocument.Parse(run.Stdout);
    }

    private static void AssertOneLineError(DvtRun run, int exitCode, string expected)
    {
        Assert.True(run.ExitCode == exitCode, $"expected exit {exitCode}: {run}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr: {run}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
