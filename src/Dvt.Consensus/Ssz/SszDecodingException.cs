namespace Dvt.Consensus.Ssz;

/// <summary>SSZ bytes that do not decode as the expected type; the message names the type and field.</summary>
public sealed class SszDecodingException(string typeName, string message)
    : FormatException($"SSZ {typeName}: {message}")
{
    public string TypeName { get; } = typeName;
}
