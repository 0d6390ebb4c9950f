namespace Dvt.Consensus.Primitives;

/// <summary>A strong type over one SSZ uint64; lets one JSON converter and one SSZ path serve them all.</summary>
public interface IUInt64Value<TSelf> where TSelf : struct, IUInt64Value<TSelf>
{
    ulong Value { get; }

    static abstract TSelf FromUInt64(ulong value);
}
