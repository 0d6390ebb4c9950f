using CsCheck;
using Dvt.ContractBindings.Abi;

namespace Dvt.ContractBindings.Tests;

/// <summary>CsCheck generators of random ABI types (for the signature parser).</summary>
internal static class AbiGenerators
{
    private static readonly Gen<AbiType> Elementary = Gen.OneOf(
        Gen.Int[1, 32].Select(n => (AbiType)new AbiIntegerType(n * 8, false)),
        Gen.Int[1, 32].Select(n => (AbiType)new AbiIntegerType(n * 8, true)),
        Gen.Const((AbiType)AbiAddressType.Instance),
        Gen.Const((AbiType)AbiBoolType.Instance),
        Gen.Int[1, 32].Select(n => (AbiType)new AbiFixedBytesType(n)),
        Gen.Const((AbiType)AbiBytesType.Instance),
        Gen.Const((AbiType)AbiStringType.Instance));

    public static Gen<AbiType> Type(int depth) => depth == 0
        ? Elementary
        : Gen.Frequency(
            (4, Elementary),
            (1, Gen.Select(Type(depth - 1), Gen.Int[0, 3], (e, n) => (AbiType)new AbiArrayType(e, n == 0 ? null : n))),
            (1, Type(depth - 1).Array[1, 3].Select(c => (AbiType)new AbiTupleType(c.Select((t, i) => new AbiParameter("c" + i, t)).ToArray()))));
}
