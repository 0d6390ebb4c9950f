using System.Text.Json;

namespace Dvt.ContractBindings.Abi;

/// <summary>
/// A contract's JSON ABI (as solc and forge write it): functions by name and selector, events by topic0,
/// custom errors by selector. Decodes revert data into typed exceptions.
/// </summary>
public sealed class ContractAbi : IRevertDecoder
{
    private readonly Dictionary<string, List<AbiFunction>> functionsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, AbiFunction> functionsBySelector = new();
    private readonly Dictionary<Hash32, AbiEvent> eventsByTopic = new();
    private readonly Dictionary<uint, AbiError> errorsBySelector = new();

    public ContractAbi(IEnumerable<AbiFunction> functions, IEnumerable<AbiEvent> events, IEnumerable<AbiError> errors, AbiParameter[]? constructorInputs = null)
    {
        foreach (var f in functions)
        {
            if (!functionsByName.TryGetValue(f.Name, out var list))
                functionsByName[f.Name] = list = [];
            list.Add(f);
            functionsBySelector[SelectorKey(f.Selector)] = f;
        }
        foreach (var e in events)
        {
            if (!e.Anonymous)
                eventsByTopic[e.Topic0] = e;
        }
        foreach (var e in errors)
            errorsBySelector[e.SelectorValue] = e;
        Functions = functionsBySelector.Values.ToArray();
        Events = events.ToArray();
        Errors = errorsBySelector.Values.ToArray();
        ConstructorInputs = constructorInputs ?? [];
    }

    public IReadOnlyList<AbiFunction> Functions { get; }

    public IReadOnlyList<AbiEvent> Events { get; }

    public IReadOnlyList<AbiError> Errors { get; }

    public IReadOnlyList<AbiParameter> ConstructorInputs { get; }

    /// <summary>Parses a JSON ABI array, or a forge/solc artifact object holding one under "abi".</summary>
    public static ContractAbi Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (!root.TryGetProperty("abi", out root))
                throw new FormatException("artifact JSON has no \"abi\" property");
        }
        if (root.ValueKind != JsonValueKind.Array)
            throw new FormatException($"ABI JSON must be an array, found {root.ValueKind}");
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        AbiParameter[]? constructorInputs = null;
        var index = 0;
        foreach (var entry in root.EnumerateArray())
        {
            var kind = entry.TryGetProperty("type", out var t) ? t.GetString() : "function";
            var name = entry.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
            var inputs = Parameters(entry, "inputs", $"abi[{index}] {name}");
            switch (kind)
            {
                case "function":
                    var mutability = entry.TryGetProperty("stateMutability", out var m) ? m.GetString() ?? "nonpayable" : "nonpayable";
                    functions.Add(new AbiFunction(name, inputs, Parameters(entry, "outputs", $"abi[{index}] {name}"), mutability));
                    break;
                case "event":
                    var anonymous = entry.TryGetProperty("anonymous", out var a) && a.GetBoolean();
                    events.Add(new AbiEvent(name, inputs, anonymous));
                    break;
                case "error":
                    errors.Add(new AbiError(name, inputs));
                    break;
                case "constructor":
                    constructorInputs = inputs;
                    break;
                case "fallback" or "receive":
                    break;
                default:
                    throw new FormatException($"abi[{index}]: unknown entry type '{kind}'");
            }
            index++;
        }
        return new ContractAbi(functions, events, errors, constructorInputs);
    }

    private static AbiParameter[] Parameters(JsonElement entry, string property, string where)
    {
        if (!entry.TryGetProperty(property, out var array))
            return [];
        return array.EnumerateArray().Select((p, i) => Parameter(p, $"{where}.{property}[{i}]")).ToArray();
    }

    private static AbiParameter Parameter(JsonElement p, string where)
    {
        var name = p.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty;
        var typeText = p.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (typeText is null)
            throw new FormatException($"{where}: parameter has no type");
        var components = p.TryGetProperty("components", out var c)
            ? c.EnumerateArray().Select((x, i) => Parameter(x, $"{where}.components[{i}]")).ToArray()
            : null;
        var indexed = p.TryGetProperty("indexed", out var ix) && ix.GetBoolean();
        var internalType = p.TryGetProperty("internalType", out var it) ? it.GetString() : null;
        try
        {
            return new AbiParameter(name, AbiType.FromJson(typeText, components), indexed, internalType);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{where}: {e.Message}");
        }
    }

    /// <summary>The single function with this name; for overloads pass the full signature "name(types)".</summary>
    public AbiFunction Function(string nameOrSignature)
    {
        if (nameOrSignature.Contains('(', StringComparison.Ordinal))
        {
            var key = SelectorKey(Keccak256.Hash(nameOrSignature));
            return functionsBySelector.TryGetValue(key, out var bySignature)
                ? bySignature
                : throw new KeyNotFoundException($"the ABI has no function {nameOrSignature}");
        }
        if (!functionsByName.TryGetValue(nameOrSignature, out var list))
            throw new KeyNotFoundException($"the ABI has no function named {nameOrSignature}");
        if (list.Count > 1)
            throw new InvalidOperationException($"{nameOrSignature} is overloaded: use one of {string.Join(", ", list.Select(f => f.Signature))}");
        return list[0];
    }

    public AbiEvent Event(string name) =>
        Events.FirstOrDefault(e => e.Name == name || e.Signature == name)
        ?? throw new KeyNotFoundException($"the ABI has no event {name}");

    public bool TryGetEvent(Hash32 topic0, out AbiEvent abiEvent) => eventsByTopic.TryGetValue(topic0, out abiEvent!);

    public bool TryGetError(ReadOnlySpan<byte> revertData, out AbiError error)
    {
        error = null!;
        return revertData.Length >= 4 && errorsBySelector.TryGetValue(SelectorKey(revertData), out error!);
    }

    /// <summary>Turns revert data into Error(string), Panic(uint256), a custom error of this ABI, or an unknown-revert exception.</summary>
    public ContractRevertException DecodeRevert(ReadOnlySpan<byte> revertData)
    {
        var data = revertData.ToArray();
        if (data.Length == 0)
            return new ContractRevertException("execution reverted without data", data);
        var selector = data.Length >= 4 ? SelectorKey(data) : 0u;
        try
        {
            if (data.Length >= 4 && selector == AbiError.ErrorString.SelectorValue)
                return new ContractRevertedWithReasonException((string)AbiError.ErrorString.Decode(data)[0]!, data);
            if (data.Length >= 4 && selector == AbiError.Panic.SelectorValue)
                return new ContractPanicException((UInt256)AbiError.Panic.Decode(data)[0]!, data);
            if (TryGetError(data, out var error))
                return new ContractCustomErrorException(error, error.Decode(data), data);
        }
        catch (AbiDecodingException e)
        {
            return new ContractRevertException($"execution reverted with malformed data ({e.Message}): {Hex.Encode(data)}", data);
        }
        return new ContractRevertException($"execution reverted with unknown data {Hex.Encode(data)}", data);
    }

    private static uint SelectorKey(ReadOnlySpan<byte> bytes) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
}
