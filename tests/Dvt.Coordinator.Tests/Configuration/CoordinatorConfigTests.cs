using Dvt.Coordinator.Configuration;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Tests.Configuration;

public sealed class CoordinatorConfigTests
{
    private const string Minimal = """
        {
          "rpcUrl": "http://127.0.0.1:8545",
          "registryAddress": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          "chainId": 31337,
          "dataDir": "data",
          "peerListen": "0.0.0.0:9000",
          "network": "mainnet",
          "passwordFile": "password.txt"
        }
        """;

    private static CoordinatorConfig Parse(string json) => CoordinatorConfig.Parse(json, "/etc/dvt");

    private static string With(string field, string value) => Minimal.Replace("\"passwordFile\": \"password.txt\"", $"\"passwordFile\": \"password.txt\", \"{field}\": {value}");

    [Fact]
    public void Minimal_file_gets_defaults_and_resolves_paths_against_the_file()
    {
        var config = Parse(Minimal);
        Assert.Equal(new Uri("http://127.0.0.1:8545"), config.RpcUrl);
        Assert.Equal(31337UL, config.ChainId);
        Assert.Equal("/etc/dvt/data", config.DataDir);
        Assert.Equal(new ListenAddress("0.0.0.0", 9000), config.PeerListen);
        Assert.Equal(new ListenAddress("127.0.0.1", 9001), config.ValidatorClientListen);
        Assert.True(config.ValidatorClientListen.IsLoopback);
        Assert.Null(config.ValidatorClientTls);
        Assert.Equal(2UL, config.Confirmations);
        Assert.Equal(TimeSpan.FromSeconds(2), config.PollInterval);
        Assert.Equal("file /etc/dvt/password.txt", config.Password.Description);
        Assert.False(config.Recovery.Enabled);
        Assert.Equal(SlashingDatabaseKind.Sqlite, config.SlashingProtection.Kind);
        Assert.Equal(KeystoreKdfChoice.Scrypt, config.KeystoreKdf);
        Assert.Equal("/etc/dvt/data/state.sqlite", config.StateDatabasePath);
    }

    [Fact]
    public void Every_optional_field_is_read()
    {
        var json = Minimal.Replace("\"passwordFile\": \"password.txt\"", """
            "passwordEnv": "DVT_PASSWORD", "beaconNodeUrl": "http://localhost:5052", "confirmations": 0, "pollIntervalMs": 150,
            "recovery": { "enabled": true, "deadlineMs": 3000 }, "slashingProtection": { "kind": "postgres", "connectionString": "Host=db;Username=dvt" },
            "genesisForkVersion": "0x10000038", "genesisValidatorsRoot": "0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1",
            "exitForkVersion": "0x40000038", "exitEpoch": 7, "keystoreKdf": "pbkdf2", "logLevel": "debug", "registryStartBlock": 12,
            "preset": "minimal", "registrationGasLimit": { "min": 36000000, "max": 60000000 }
            """);
        var config = Parse(json);
        Assert.Equal("environment variable DVT_PASSWORD", config.Password.Description);
        Assert.Equal(new Uri("http://localhost:5052"), config.BeaconNodeUrl);
        Assert.Equal(0UL, config.Confirmations);
        Assert.Equal(TimeSpan.FromMilliseconds(150), config.PollInterval);
        Assert.Equal(new RecoveryConfig(true, TimeSpan.FromSeconds(3)), config.Recovery);
        Assert.Equal(SlashingDatabaseKind.Postgres, config.SlashingProtection.Kind);
        Assert.Equal("0x10000038", config.GenesisForkVersion.ToString());
        Assert.Equal("0x9143aa7c615a7f7115e2b6aac319c03529df8242ae705fba9df39b79c59fa8b1", config.GenesisValidatorsRoot.ToString());
        Assert.Equal("0x40000038", config.Network.Forks.CapellaVersion.ToString());
        Assert.Equal(7UL, config.ExitEpoch);
        Assert.Equal(KeystoreKdfChoice.Pbkdf2, config.KeystoreKdf);
        Assert.Equal(LogLevel.Debug, config.LogLevel);
        Assert.Equal(12UL, config.RegistryStartBlock);
        Assert.Same(Dvt.Consensus.ConsensusPreset.Minimal, config.Preset);
        Assert.Equal(new Dvt.Signer.Lifecycle.GasLimitBounds(36_000_000, 60_000_000), config.RegistrationGasLimit);
    }

    [Theory]
    [InlineData("\"password\"", "\"hunter2\"", "password")]
    [InlineData("\"rpcUrl2\"", "1", "rpcUrl2")]
    public void Unknown_fields_are_refused_by_name(string field, string value, string named)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With(field.Trim('"'), value)));
        Assert.Equal(named, e.Field);
        Assert.Contains("unknown field", e.Message);
    }

    [Theory]
    [InlineData("rpcUrl", "\"ftp://x\"", "rpcUrl")]
    [InlineData("rpcUrl", "\"http://user:secret@host:8545\"", "rpcUrl")]
    [InlineData("registryAddress", "\"0x1234\"", "registryAddress")]
    [InlineData("chainId", "\"31337\"", "chainId")]
    [InlineData("chainId", "-1", "chainId")]
    [InlineData("peerListen", "\"9000\"", "peerListen")]
    [InlineData("peerListen", "\"host:70000\"", "peerListen")]
    [InlineData("validatorClientListen", "\"localhost\"", "validatorClientListen")]
    [InlineData("validatorClientListen", "\"0.0.0.0:9100\"", "validatorClientListen")]
    [InlineData("validatorClientListen", "\"127.0.0.1:9000\"", "validatorClientListen")]
    [InlineData("pollIntervalMs", "1", "pollIntervalMs")]
    [InlineData("confirmations", "1000", "confirmations")]
    [InlineData("genesisForkVersion", "\"0x1234\"", "genesisForkVersion")]
    [InlineData("keystoreKdf", "\"argon2\"", "keystoreKdf")]
    [InlineData("logLevel", "\"loud\"", "logLevel")]
    [InlineData("preset", "\"gnosis\"", "preset")]
    [InlineData("network", "\"mainet\"", "network")]
    [InlineData("network", "\"nowhere/config.yaml\"", "network")]
    [InlineData("genesisValidatorsRoot", "\"0x00\"", "genesisValidatorsRoot")]
    [InlineData("genesisTime", "\"soon\"", "genesisTime")]
    [InlineData("depositContractAddress", "\"0x42\"", "depositContractAddress")]
    public void Bad_values_name_the_field(string field, string value, string named)
    {
        var json = Minimal.Contains($"\"{field}\"")
            ? System.Text.RegularExpressions.Regex.Replace(Minimal, $"\"{field}\": [^,\\n]+", $"\"{field}\": {value}")
            : With(field, value);
        var e = Assert.Throws<ConfigException>(() => Parse(json));
        Assert.Equal(named, e.Field);
    }

    [Theory]
    [InlineData("recovery", "{ \"enabled\": true, \"deadline\": 5 }", "recovery.deadline")]
    [InlineData("recovery", "{ \"deadlineMs\": 0 }", "recovery.deadlineMs")]
    [InlineData("registrationGasLimit", "{ \"min\": 60000000, \"max\": 30000000 }", "registrationGasLimit.min")]
    [InlineData("slashingProtection", "{ \"kind\": \"postgres\" }", "slashingProtection.connectionString")]
    [InlineData("slashingProtection", "{ \"kind\": \"postgres\", \"connectionString\": \"Host=x;Password=p\" }", "slashingProtection.connectionString")]
    [InlineData("validatorClientTls", "{ \"certificateFile\": \"/nonexistent/c.pem\", \"keyFile\": \"k\", \"clientCaFile\": \"ca\" }", "validatorClientTls.certificateFile")]
    [InlineData("validatorClientTls", "{ \"certificateFile\": \"c.pem\" , \"pfx\": 1 }", "validatorClientTls.pfx")]
    public void Nested_errors_name_the_path(string field, string value, string named)
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With(field, value)));
        Assert.Equal(named, e.Field);
    }

    [Fact]
    public void Fault_injection_cannot_be_turned_on_by_a_config_file()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("faultInjection", "{ \"corruptShareFor\": [3] }")));
        Assert.Equal("faultInjection", e.Field);
        Assert.Contains("tests only", e.Message);
    }

    [Fact]
    public void Duty_consensus_follows_the_beacon_node_and_can_be_turned_off()
    {
        Assert.False(Parse(Minimal).DutyConsensus);
        var withBeacon = Parse(With("beaconNodeUrl", "\"http://127.0.0.1:5052\""));
        Assert.True(withBeacon.DutyConsensus);
        Assert.Equal(TimeSpan.FromSeconds(4), withBeacon.DutyDecisionTimeout);
        var off = Parse(With("beaconNodeUrl", "\"http://127.0.0.1:5052\", \"dutyConsensus\": false, \"dutyDecisionTimeoutMs\": 2500"));
        Assert.False(off.DutyConsensus);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), off.DutyDecisionTimeout);
        var noBeacon = Assert.Throws<ConfigException>(() => Parse(With("dutyConsensus", "true")));
        Assert.Equal("dutyConsensus", noBeacon.Field);
    }

    [Fact]
    public void The_old_shared_listen_field_is_refused_with_what_replaced_it()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("listen", "\"127.0.0.1:9000\"")));
        Assert.Equal("listen", e.Field);
        Assert.Contains("peerListen", e.Message);
        Assert.Contains("validatorClientListen", e.Message);
    }

    [Fact]
    public void Password_source_must_be_exactly_one_of_file_or_environment()
    {
        Assert.Equal("passwordFile", Assert.Throws<ConfigException>(() => Parse(Minimal.Replace("\"passwordFile\": \"password.txt\"", "\"passwordEnv\": \"X\", \"passwordFile\": \"p\""))).Field);
        Assert.Equal("passwordFile", Assert.Throws<ConfigException>(() => Parse(Minimal.Replace(",\n  \"passwordFile\": \"password.txt\"", ""))).Field);
    }

    [Fact]
    public void Missing_required_field_and_broken_json_are_reported()
    {
        Assert.Equal("chainId", Assert.Throws<ConfigException>(() => Parse(Minimal.Replace("\"chainId\": 31337,", ""))).Field);
        Assert.Equal("(file)", Assert.Throws<ConfigException>(() => Parse("{ not json")).Field);
        Assert.Equal("(file)", Assert.Throws<ConfigException>(() => CoordinatorConfig.Load("/nonexistent/dvt.json")).Field);
    }

    [Fact]
    public void A_named_network_gives_every_constant_and_nothing_defaults_to_mainnet()
    {
        var config = Parse(Minimal);
        Assert.Equal("mainnet", config.Network.Name);
        Assert.Equal(Dvt.Consensus.Networks.NamedNetworks.Mainnet.Forks.Forks, config.Network.Forks.Forks);
        Assert.Equal(1606824023UL, config.Network.GenesisTime);
        Assert.Equal("0x4b363db94e286120d76eb905340fdd4e54bfe9f06bf33ff6cf5ad27f511bfe95", config.GenesisValidatorsRoot.ToString());

        var missing = Assert.Throws<ConfigException>(() => Parse(Minimal.Replace("\"network\": \"mainnet\",", "")));
        Assert.Equal("network", missing.Field);
        Assert.Equal("config field 'network': missing: give \"network\" (mainnet, hoodi, sepolia, holesky or the path of a consensus-spec config.yaml) or --network; nothing defaults to mainnet",
            missing.Message);

        // --network takes the place of the file's network.
        Assert.Equal(Dvt.Consensus.Networks.NamedNetworks.Hoodi.GenesisValidatorsRoot, CoordinatorConfig.Parse(Minimal, "/etc/dvt", networkOption: "hoodi").GenesisValidatorsRoot);
        var option = Assert.Throws<ConfigException>(() => CoordinatorConfig.Parse(Minimal, "/etc/dvt", networkOption: "goerli"));
        Assert.Equal("--network", option.Field);
    }

    [Fact]
    public void A_config_yaml_network_without_a_root_or_a_genesis_time_names_what_is_missing()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("dvt-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "config.yaml"), "PRESET_BASE: minimal\n" + Dvt.Coordinator.Devnet.DevnetNetwork.Versions);
            var json = Minimal.Replace("\"network\": \"mainnet\"", "\"network\": \"config.yaml\"");
            var e = Assert.Throws<ConfigException>(() => CoordinatorConfig.Parse(json, folder));
            Assert.Equal("config field 'network': config.yaml gives no genesis validators root and no genesis time: set genesisValidatorsRoot and genesisTime in the config " +
                "(or put genesis_validators_root.txt beside the config.yaml)", e.Message);

            var complete = CoordinatorConfig.Parse(json.Replace("\"network\":", "\"genesisTime\": 1700000000, \"genesisValidatorsRoot\": \"0x" + new string('1', 64) + "\", \"network\":"), folder);
            Assert.Same(Dvt.Consensus.ConsensusPreset.Minimal, complete.Preset);
            Assert.Equal(1700000000UL, complete.Network.GenesisTime);
            Assert.Equal("0x03000001", complete.Network.Forks.CapellaVersion.ToString());

            File.WriteAllText(Path.Combine(folder, "config.yaml"), "PRESET_BASE: minimal\nGENESIS_FORK_VERSION: 0x0000\n");
            var yaml = Assert.Throws<ConfigException>(() => CoordinatorConfig.Parse(json, folder));
            Assert.Equal($"config field 'network': {folder}/config.yaml line 2: GENESIS_FORK_VERSION: '0x0000' is not a 4-byte 0x-hex fork version", yaml.Message);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ToString_names_where_the_password_comes_from_not_the_password()
    {
        var text = Parse(Minimal).ToString();
        Assert.Contains("password from file /etc/dvt/password.txt", text);
    }
}
