namespace Dvt.ContractBindings.Abi;

/// <summary>
/// A contract event's metadata: its canonical signature and topic0 = keccak(signature) unless anonymous. Logs are
/// decoded by the generated bindings (in place with <c>EventWords</c>, or through Nethereum's event DTOs).
/// </summary>
public sealed class AbiEvent
{
    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous)
    {
        Name = name;
        Inputs = inputs;
        Anonymous = anonymous;
        Signature = $"{name}({string.Join(",", inputs.Select(p => p.Type.CanonicalName))})";
        Topic0 = Keccak256.HashToHash32(System.Text.Encoding.UTF8.GetBytes(Signature));
        IndexedCount = inputs.Count(p => p.Indexed);
    }

    public string Name { get; }

    public IReadOnlyList<AbiParameter> Inputs { get; }

    public bool Anonymous { get; }

    public string Signature { get; }

    public Hash32 Topic0 { get; }

    public int IndexedCount { get; }

    public override string ToString() => Signature;
}
