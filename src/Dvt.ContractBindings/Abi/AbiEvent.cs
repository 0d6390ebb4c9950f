namespace Dvt.ContractBindings.Abi;

/// <summary>
/// A contract event. topic0 = keccak(signature) unless anonymous; indexed static fields are one topic each;
/// indexed dynamic fields (bytes, string, arrays, tuples) are only their Keccak-256 hash and decode to <see cref="Hash32"/>.
/// </summary>
public sealed class AbiEvent
{
    private readonly AbiType[] dataTypes;

    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous)
    {
        Name = name;
        Inputs = inputs;
        Anonymous = anonymous;
        Signature = $"{name}({string.Join(",", inputs.Select(p => p.Type.CanonicalName))})";
        Topic0 = Keccak256.HashToHash32(System.Text.Encoding.UTF8.GetBytes(Signature));
        dataTypes = inputs.Where(p => !p.Indexed).Select(p => p.Type).ToArray();
        IndexedCount = inputs.Count(p => p.Indexed);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public bool Anonymous { get; }

    public string Signature { get; }

    public Hash32 Topic0 { get; }

    public int IndexedCount { get; }

    /// <summary>Decodes all fields in declaration order (indexed ones from topics, the rest from data).</summary>
    public object?[] Decode(IReadOnlyList<Hash32> topics, ReadOnlySpan<byte> data)
    {
        var topicOffset = Anonymous ? 0 : 1;
        if (topics.Count != IndexedCount + topicOffset)
            throw new AbiDecodingException($"{Signature}: expected {IndexedCount + topicOffset} topics, got {topics.Count}");
        if (!Anonymous && topics[0] != Topic0)
            throw new AbiDecodingException($"{Signature}: topic0 {topics[0]} is not this event's {Topic0}");
        object?[] nonIndexed;
        try
        {
            nonIndexed = AbiDecoder.Decode(dataTypes, data);
        }
        catch (AbiDecodingException e)
        {
            throw new AbiDecodingException($"{Signature}: {e.Message}");
        }
        var result = new object?[Inputs.Count];
        var topicIndex = topicOffset;
        var dataIndex = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var input = Inputs[i];
            if (!input.Indexed)
            {
                result[i] = nonIndexed[dataIndex++];
                continue;
            }
            var topic = topics[topicIndex++];
            result[i] = input.Type is AbiBytesType or AbiStringType or AbiArrayType or AbiTupleType
                ? topic
                : AbiDecoder.DecodeWord(input.Type, topic.Bytes);
        }
        return result;
    }

    public override string ToString() => Signature;
}
