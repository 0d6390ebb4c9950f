using System.Globalization;
using System.Text.Json;
using Dvt.Consensus;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Keystore;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Configuration;

/// <summary>
/// Everything one coordinator daemon needs, read strictly from a JSON file (<see cref="Load"/>): unknown fields are
/// refused and every error names the field. It holds no secret: the keystore password comes from a file or an
/// environment variable named here, never from the config file or the command line.
/// </summary>
public sealed record CoordinatorConfig
{
    public required Uri RpcUrl { get; init; }

    public required Address RegistryAddress { get; init; }

    /// <summary>First block the follower reads (the registry's deployment block).</summary>
    public ulong RegistryStartBlock { get; init; }

    /// <summary>Checked against eth_chainId at start; shares are bound to it.</summary>
    public required ulong ChainId { get; init; }

    /// <summary>Absolute path of the data directory (keys, state.sqlite, slashing.sqlite).</summary>
    public required string DataDir { get; init; }

    /// <summary>The public listener (the endpoint registered on chain): the authenticated peer API and nothing else.</summary>
    public required ListenAddress PeerListen { get; init; }

    /// <summary>The validator client's listener: Web3Signer API, /healthcheck, /metrics. Loopback unless TLS with client certificates.</summary>
    public ListenAddress ValidatorClientListen { get; init; } = DefaultValidatorClientListen;

    /// <summary>TLS with required client certificates on <see cref="ValidatorClientListen"/>; null: plain HTTP (loopback only).</summary>
    public ValidatorClientTlsConfig? ValidatorClientTls { get; init; }

    public static ListenAddress DefaultValidatorClientListen { get; } = new("127.0.0.1", 9001);

    public Uri? BeaconNodeUrl { get; init; }

    /// <summary>
    /// Duty consensus (QBFT among a validator's holders, the beacon-node API on the validator-client listener, partials
    /// only for decided data). Needs a beacon node; on by default when <see cref="BeaconNodeUrl"/> is set.
    /// </summary>
    public bool DutyConsensus { get; init; }

    /// <summary>How long a duty's data request or a partial waits for the holders' decision.</summary>
    public TimeSpan DutyDecisionTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Blocks kept back from the head before an event is acted on.</summary>
    public ulong Confirmations { get; init; } = 2;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the one password of this operator's keystores comes from.</summary>
    public required PasswordSource Password { get; init; }

    public RecoveryConfig Recovery { get; init; } = new(false, TimeSpan.FromSeconds(4));

    public SlashingProtectionConfig SlashingProtection { get; init; } = new(SlashingDatabaseKind.Sqlite, null);

    /// <summary>The chain signed for (<see cref="NetworkConfig"/>): fork schedule, genesis validators root and time, preset.</summary>
    public required EthereumNetwork Network { get; init; }

    /// <summary>Genesis fork version of the network: the deposit signature's domain.</summary>
    public ForkVersion GenesisForkVersion => Network.GenesisForkVersion;

    /// <summary>Genesis validators root (never absent: <see cref="NetworkConfig"/> refuses a network without one).</summary>
    public Root GenesisValidatorsRoot => Network.GenesisValidatorsRoot!.Value;

    /// <summary>
    /// The beacon chain's genesis time (unix seconds): maps the block in which a holder received its key to the slot
    /// and epoch at or before which it never signs. Never absent: <see cref="NetworkConfig"/> requires it.
    /// </summary>
    public ulong? GenesisTime => Network.GenesisTime;

    /// <summary>SECONDS_PER_SLOT of the network (12 on mainnet and its testnets).</summary>
    public ulong SecondsPerSlot => Network.SecondsPerSlot;

    /// <summary>Epoch written into voluntary exits (0: valid from the start, accepted at any later epoch).</summary>
    public ulong ExitEpoch { get; init; }

    /// <summary>KDF for new keystores: scrypt (EIP-2335 default) or pbkdf2 (cheaper).</summary>
    public KeystoreKdfChoice KeystoreKdf { get; init; } = KeystoreKdfChoice.Scrypt;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>The chain's consensus preset (mainnet, or minimal for dev chains): signing roots depend on it.</summary>
    public ConsensusPreset Preset => Network.Preset;

    /// <summary>The gas limits a VALIDATOR_REGISTRATION may carry (every holder refuses others).</summary>
    public Dvt.Signer.Lifecycle.GasLimitBounds RegistrationGasLimit { get; init; } = Dvt.Signer.Lifecycle.GasLimitBounds.Default;

    public string StateDatabasePath => Path.Combine(DataDir, "state.sqlite");

    public string SlashingDatabasePath => Path.Combine(DataDir, "slashing.sqlite");

    private static readonly string[] KnownFields =
    [
        "rpcUrl", "registryAddress", "registryStartBlock", "chainId", "dataDir", "peerListen", "validatorClientListen",
        "validatorClientTls", "beaconNodeUrl", "confirmations",
        "pollIntervalMs", "passwordFile", "passwordEnv", "recovery", "slashingProtection", "genesisForkVersion",
        "genesisValidatorsRoot", "exitForkVersion", "exitEpoch", "keystoreKdf", "logLevel",
        "preset", "registrationGasLimit", "network", "genesisTime", "secondsPerSlot", "depositContractAddress",
        "dutyConsensus", "dutyDecisionTimeoutMs",
    ];

    /// <summary>Reads and validates a config file; relative paths are resolved against the file's folder.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="networkOption">`--network`, which takes the place of the file's "network" when given.</param>
    public static CoordinatorConfig Load(string path, string? networkOption = null)
    {
        if (!File.Exists(path))
            throw new ConfigException("(file)", $"config file {path} does not exist");
        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!, networkOption);
    }

    /// <summary>Parses config JSON; <paramref name="baseDirectory"/> anchors relative paths (the config.yaml of "network" too).</summary>
    public static CoordinatorConfig Parse(string json, string baseDirectory, string? networkOption = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ConfigException("(file)", $"not valid JSON at {JsonSyntaxError.Describe(e)}");
        }
        using (document)
        {
            var root = new JsonFields(document.RootElement, "");
            if (document.RootElement.TryGetProperty("listen", out _))
                throw new ConfigException("listen", "was split by role: give peerListen (public, the peer API only) and validatorClientListen (the validator client's Web3Signer API and /metrics, loopback by default)");
            // Fault injection is wired by the test harness in code (Stages/IDealFaultInjector), never by a config file.
            if (document.RootElement.TryGetProperty("faultInjection", out _))
                throw new ConfigException("faultInjection", "is not a configuration field: fault injection is for tests only and cannot be turned on by a config file");
            root.RefuseUnknown(KnownFields);

            var rpcUrl = root.RequiredUri("rpcUrl", ["http", "https", "ws", "wss"]);
            var registryText = root.RequiredString("registryAddress");
            if (!Address.TryParse(registryText, out var registry))
                throw new ConfigException("registryAddress", $"'{registryText}' is not a 20-byte hex address");
            var peerListen = ListenAddress.Parse("peerListen", root.RequiredString("peerListen"));
            var validatorClientListen = root.OptionalString("validatorClientListen") is { } vcl
                ? ListenAddress.Parse("validatorClientListen", vcl)
                : DefaultValidatorClientListen;
            var beaconNodeUrl = root.OptionalUri("beaconNodeUrl", ["http", "https"]);
            var dutyConsensus = root.OptionalBool("dutyConsensus") ?? beaconNodeUrl is not null;
            if (dutyConsensus && beaconNodeUrl is null)
                throw new ConfigException("dutyConsensus", "is true but no beaconNodeUrl is set: holders agree on duty data from their beacon nodes");
            var validatorClientTls = ParseValidatorClientTls(root.OptionalObject("validatorClientTls"), baseDirectory);
            if (validatorClientTls is null && !validatorClientListen.IsLoopback)
                throw new ConfigException("validatorClientListen",
                    $"'{validatorClientListen}' is not a loopback address: anyone who reaches it could ask for signatures; give validatorClientTls (certificateFile, keyFile, clientCaFile) so that only clients with a certificate from that CA connect");
            if (peerListen.Port != 0 && peerListen.Port == validatorClientListen.Port)
                throw new ConfigException("validatorClientListen", $"port {validatorClientListen.Port} is also peerListen's: the two roles need separate listeners");
            var dataDir = root.RequiredString("dataDir");
            if (dataDir.Length == 0)
                throw new ConfigException("dataDir", "is empty");

            var passwordFile = root.OptionalString("passwordFile");
            var passwordEnv = root.OptionalString("passwordEnv");
            PasswordSource password = (passwordFile, passwordEnv) switch
            {
                (not null, not null) => throw new ConfigException("passwordFile", "give passwordFile or passwordEnv, not both"),
                (null, null) => throw new ConfigException("passwordFile", "missing: give passwordFile or passwordEnv (a password never goes in the config file)"),
                ({ Length: 0 }, _) => throw new ConfigException("passwordFile", "is empty"),
                (_, { Length: 0 }) => throw new ConfigException("passwordEnv", "is empty"),
                (not null, null) => PasswordSource.FromFile(Path.GetFullPath(passwordFile, baseDirectory)),
                _ => PasswordSource.FromEnvironment(passwordEnv!),
            };

            var pollMs = root.OptionalUInt64("pollIntervalMs") ?? 2000;
            if (pollMs is < 10 or > 600_000)
                throw new ConfigException("pollIntervalMs", $"must be between 10 and 600000, got {pollMs}");
            var confirmations = root.OptionalUInt64("confirmations") ?? 2;
            if (confirmations > 256)
                throw new ConfigException("confirmations", $"must be at most 256 (the follower's reorg window), got {confirmations}");

            return new CoordinatorConfig
            {
                RpcUrl = rpcUrl,
                RegistryAddress = registry,
                RegistryStartBlock = root.OptionalUInt64("registryStartBlock") ?? 0,
                ChainId = root.RequiredUInt64("chainId"),
                DataDir = Path.GetFullPath(dataDir, baseDirectory),
                PeerListen = peerListen,
                ValidatorClientListen = validatorClientListen,
                ValidatorClientTls = validatorClientTls,
                BeaconNodeUrl = beaconNodeUrl,
                DutyConsensus = dutyConsensus,
                DutyDecisionTimeout = TimeSpan.FromMilliseconds(root.OptionalUInt64("dutyDecisionTimeoutMs") ?? 4000),
                Confirmations = confirmations,
                PollInterval = TimeSpan.FromMilliseconds(pollMs),
                Password = password,
                Recovery = ParseRecovery(root.OptionalObject("recovery")),
                SlashingProtection = ParseSlashing(root.OptionalObject("slashingProtection")),
                Network = NetworkConfig.Resolve(root, baseDirectory, networkOption),
                ExitEpoch = root.OptionalUInt64("exitEpoch") ?? 0,
                KeystoreKdf = root.OptionalString("keystoreKdf") switch
                {
                    null or "scrypt" => KeystoreKdfChoice.Scrypt,
                    "pbkdf2" => KeystoreKdfChoice.Pbkdf2,
                    var other => throw new ConfigException("keystoreKdf", $"'{other}' is not one of scrypt, pbkdf2"),
                },
                LogLevel = root.OptionalString("logLevel") switch
                {
                    null or "information" or "info" => LogLevel.Information,
                    "trace" => LogLevel.Trace,
                    "debug" => LogLevel.Debug,
                    "warning" or "warn" => LogLevel.Warning,
                    "error" => LogLevel.Error,
                    var other => throw new ConfigException("logLevel", $"'{other}' is not one of trace, debug, information, warning, error"),
                },
                RegistrationGasLimit = ParseGasLimit(root.OptionalObject("registrationGasLimit")),
            };
        }
    }

    private static ValidatorClientTlsConfig? ParseValidatorClientTls(JsonFields? tls, string baseDirectory)
    {
        if (tls is null)
            return null;
        tls.RefuseUnknown(["certificateFile", "keyFile", "clientCaFile"]);
        string File(string field)
        {
            var path = Path.GetFullPath(tls.RequiredString(field), baseDirectory);
            if (!System.IO.File.Exists(path))
                throw new ConfigException($"validatorClientTls.{field}", $"file {path} does not exist");
            return path;
        }
        return new ValidatorClientTlsConfig(File("certificateFile"), File("keyFile"), File("clientCaFile"));
    }

    private static Dvt.Signer.Lifecycle.GasLimitBounds ParseGasLimit(JsonFields? bounds)
    {
        if (bounds is null)
            return Dvt.Signer.Lifecycle.GasLimitBounds.Default;
        bounds.RefuseUnknown(["min", "max"]);
        var min = bounds.OptionalUInt64("min") ?? Dvt.Signer.Lifecycle.GasLimitBounds.Default.Min;
        var max = bounds.OptionalUInt64("max") ?? Dvt.Signer.Lifecycle.GasLimitBounds.Default.Max;
        if (min > max)
            throw new ConfigException("registrationGasLimit.min", $"{min} is above max {max}");
        return new Dvt.Signer.Lifecycle.GasLimitBounds(min, max);
    }

    private static RecoveryConfig ParseRecovery(JsonFields? recovery)
    {
        if (recovery is null)
            return new RecoveryConfig(false, TimeSpan.FromSeconds(4));
        recovery.RefuseUnknown(["enabled", "deadlineMs"]);
        var deadline = recovery.OptionalUInt64("deadlineMs") ?? 4000;
        if (deadline is 0 or > 60_000)
            throw new ConfigException("recovery.deadlineMs", $"must be between 1 and 60000, got {deadline}");
        return new RecoveryConfig(recovery.OptionalBool("enabled") ?? false, TimeSpan.FromMilliseconds(deadline));
    }

    private static SlashingProtectionConfig ParseSlashing(JsonFields? slashing)
    {
        if (slashing is null)
            return new SlashingProtectionConfig(SlashingDatabaseKind.Sqlite, null);
        slashing.RefuseUnknown(["kind", "connectionString"]);
        var kind = slashing.OptionalString("kind") switch
        {
            null or "sqlite" => SlashingDatabaseKind.Sqlite,
            "postgres" => SlashingDatabaseKind.Postgres,
            var other => throw new ConfigException("slashingProtection.kind", $"'{other}' is not one of sqlite, postgres"),
        };
        var connection = slashing.OptionalString("connectionString");
        if (kind == SlashingDatabaseKind.Postgres && string.IsNullOrEmpty(connection))
            throw new ConfigException("slashingProtection.connectionString", "is required when kind is postgres");
        if (connection is not null && connection.Contains("password=", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException("slashingProtection.connectionString", "must not hold a password (use PGPASSWORD or a .pgpass file)");
        return new SlashingProtectionConfig(kind, connection);
    }

    public override string ToString() =>
        $"CoordinatorConfig(network {Network.Name}, rpc {RpcUrl}, registry {RegistryAddress}, chain {ChainId}, dataDir {DataDir}, peer listener {PeerListen}, validator-client listener {ValidatorClientListen}{(ValidatorClientTls is null ? "" : " (TLS)")}, password from {Password.Description})";
}
