using System.Globalization;
using System.Text.RegularExpressions;
using Dvt.Consensus.Primitives;

namespace Dvt.Consensus.Networks;

/// <summary>
/// Reads a consensus-spec config.yaml (the flat KEY: value file every client takes for a custom chain) into an
/// <see cref="EthereumNetwork"/>. Only the keys a signer needs are interpreted (PRESET_BASE, the fork versions and
/// epochs from genesis through Fulu, SECONDS_PER_SLOT, the deposit contract); other keys are skipped, nested values
/// (BLOB_SCHEDULE's list) included. A config.yaml holds neither the genesis validators root nor the genesis time:
/// <see cref="Load"/> takes the root from genesis_validators_root.txt beside it (the eth-clients layout) when present.
/// Every error names the file and a 1-based line.
/// </summary>
public static partial class ConsensusConfigYaml
{
    /// <summary>Far larger than any real config (mainnet's is ~10 KiB); a bigger file is refused before it is read.</summary>
    public const int MaxBytes = 1 << 20;

    private const ulong FarFutureEpoch = ulong.MaxValue;

    private static readonly (ConsensusFork Fork, string Prefix)[] ForkKeys =
    [
        (ConsensusFork.Altair, "ALTAIR"), (ConsensusFork.Bellatrix, "BELLATRIX"), (ConsensusFork.Capella, "CAPELLA"),
        (ConsensusFork.Deneb, "DENEB"), (ConsensusFork.Electra, "ELECTRA"), (ConsensusFork.Fulu, "FULU"),
    ];

    /// <summary>Reads <paramref name="path"/>, and genesis_validators_root.txt beside it when there is one.</summary>
    public static EthereumNetwork Load(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
            throw new ConsensusConfigException(path, null, "does not exist");
        if (info.Length > MaxBytes)
            throw new ConsensusConfigException(path, null, $"is {info.Length} bytes, more than the {MaxBytes} a config.yaml may have");
        var network = Parse(File.ReadAllText(path), path);
        var rootFile = Path.Combine(info.DirectoryName ?? ".", "genesis_validators_root.txt");
        if (!File.Exists(rootFile))
            return network;
        var text = File.ReadAllText(rootFile).Trim();
        if (!TryHex(text, Root.ByteLength, out var root))
            throw new ConsensusConfigException(rootFile, 1, $"'{Shorten(text)}' is not a 32-byte 0x-hex root");
        return network with { GenesisValidatorsRoot = Root.FromBytes(root) };
    }

    /// <summary>Parses config text; <paramref name="source"/> names it in errors.</summary>
    public static EthereumNetwork Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxBytes)
            throw new ConsensusConfigException(source, null, $"is longer than the {MaxBytes} characters a config.yaml may have");
        var values = ReadTopLevel(text, source);

        string Required(string key) => values.TryGetValue(key, out var v)
            ? v.Value
            : throw new ConsensusConfigException(source, null, $"{key} is missing");

        int LineOf(string key) => values[key].Line;

        var presetName = Required("PRESET_BASE");
        var preset = presetName switch
        {
            "mainnet" => ConsensusPreset.Mainnet,
            "minimal" => ConsensusPreset.Minimal,
            _ => throw new ConsensusConfigException(source, LineOf("PRESET_BASE"), $"PRESET_BASE: '{Shorten(presetName)}' is not one of mainnet, minimal"),
        };

        ForkVersion Version(string key) => TryHex(Required(key), ForkVersion.ByteLength, out var bytes)
            ? ForkVersion.FromBytes(bytes)
            : throw new ConsensusConfigException(source, LineOf(key), $"{key}: '{Shorten(values[key].Value)}' is not a 4-byte 0x-hex fork version");

        ulong UInt64(string key) => ulong.TryParse(Required(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ConsensusConfigException(source, LineOf(key), $"{key}: '{Shorten(values[key].Value)}' is not a decimal uint64");

        ulong? OptionalUInt64(string key) => values.ContainsKey(key) ? UInt64(key) : null;

        var forks = new List<ScheduledFork> { new(ConsensusFork.Phase0, Version("GENESIS_FORK_VERSION"), new Epoch(0)) };
        foreach (var (fork, prefix) in ForkKeys)
        {
            var epoch = UInt64($"{prefix}_FORK_EPOCH");
            var scheduled = new ScheduledFork(fork, Version($"{prefix}_FORK_VERSION"), epoch == FarFutureEpoch ? null : new Epoch(epoch));
            var previous = forks[^1];
            if (scheduled.Epoch is { } e && (previous.Epoch is not { } p || e < p))
                throw new ConsensusConfigException(source, LineOf($"{prefix}_FORK_EPOCH"),
                    $"{prefix}_FORK_EPOCH: {e.Value} is before the previous fork ({(previous.Epoch is { } x ? x.Value.ToString(CultureInfo.InvariantCulture) : "never")})");
            forks.Add(scheduled);
        }

        ExecutionAddress? deposit = null;
        if (values.TryGetValue("DEPOSIT_CONTRACT_ADDRESS", out var depositText))
        {
            deposit = TryHex(depositText.Value, ExecutionAddress.ByteLength, out var address)
                ? ExecutionAddress.FromBytes(address)
                : throw new ConsensusConfigException(source, depositText.Line, $"DEPOSIT_CONTRACT_ADDRESS: '{Shorten(depositText.Value)}' is not a 20-byte 0x-hex address");
        }
        var secondsPerSlot = OptionalUInt64("SECONDS_PER_SLOT") ?? 12;
        if (secondsPerSlot == 0)
            throw new ConsensusConfigException(source, LineOf("SECONDS_PER_SLOT"), "SECONDS_PER_SLOT: must not be 0");

        return new EthereumNetwork
        {
            Name = values.TryGetValue("CONFIG_NAME", out var name) && name.Value.Length > 0 ? name.Value : source,
            Preset = preset,
            Forks = new ForkSchedule(forks),
            SecondsPerSlot = secondsPerSlot,
            DepositContractAddress = deposit,
            DepositChainId = OptionalUInt64("DEPOSIT_CHAIN_ID"),
        };
    }

    private readonly record struct Entry(string Value, int Line);

    private static Dictionary<string, Entry> ReadTopLevel(string text, string source)
    {
        var values = new Dictionary<string, Entry>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        string? lastKey = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = lines[i].TrimEnd('\r');
            var content = StripComment(line);
            if (content.Trim().Length == 0)
                continue;
            if (content[0] is ' ' or '\t' or '-')
            {
                // A nested value (BLOB_SCHEDULE's list): it belongs to the key above, which a signer does not read.
                if (lastKey is null)
                    throw new ConsensusConfigException(source, number, "an indented line before any key");
                continue;
            }
            var match = KeyValue().Match(content);
            if (!match.Success)
                throw new ConsensusConfigException(source, number, $"'{Shorten(content)}' is not 'KEY: value'");
            var key = match.Groups[1].Value;
            if (values.TryGetValue(key, out var earlier))
                throw new ConsensusConfigException(source, number, $"{key} is given twice (first on line {earlier.Line})");
            values[key] = new Entry(Unquote(match.Groups[2].Value.Trim()), number);
            lastKey = key;
        }
        return values;
    }

    private static string StripComment(string line)
    {
        // YAML comments start at a '#' at the line's start or after whitespace, outside quotes.
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (c is '\'' or '"')
                quote = c;
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
                return line[..i];
        }
        return line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' && value[^1] == '\'' || value[0] == '"' && value[^1] == '"') ? value[1..^1] : value;

    private static bool TryHex(string text, int length, out byte[] bytes)
    {
        bytes = [];
        if (text.Length != 2 + 2 * length || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return false;
        try
        {
            bytes = Convert.FromHexString(text.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex(@"^([A-Za-z0-9_]+):(?:[ \t]+(.*)|)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValue();
}
