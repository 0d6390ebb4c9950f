using System.Numerics;
using CsCheck;
using Dvt.ContractBindings.Abi;

namespace Dvt.ContractBindings.Tests;

/// <summary>CsCheck generators of random ABI types and values of those types.</summary>
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

    /// <param name="castSafe">Restrict strings to what cast's argument parser takes literally.</param>
    public static Gen<object?> Value(AbiType type, bool castSafe = false) => type switch
    {
        AbiIntegerType { Signed: false } u => Gen.Byte.Array[u.Bits / 8].Select(b => (object?)new BigInteger(b, isUnsigned: true, isBigEndian: true)),
        AbiIntegerType s => Gen.Byte.Array[s.Bits / 8].Select(b => (object?)new BigInteger(b, isUnsigned: false, isBigEndian: true)),
        AbiAddressType => Gen.Byte.Array[20].Select(b => (object?)new Address(b)),
        AbiBoolType => Gen.Bool.Select(b => (object?)b),
        AbiFixedBytesType f => Gen.Byte.Array[f.Size].Select(b => (object?)b),
        AbiBytesType => Gen.Byte.Array[0, 70].Select(b => (object?)b),
        AbiStringType when castSafe => Gen.String[Gen.Char.AlphaNumeric, 1, 12].Select(s => (object?)s),
        AbiStringType => Gen.String[Gen.Char['\u0020', '\ud7ff'], 0, 40].Select(s => (object?)s),
        AbiArrayType { Length: { } n } a => Sequence(Enumerable.Repeat(a.Element, n), castSafe),
        AbiArrayType a => Gen.Int[0, 3].SelectMany(n => Sequence(Enumerable.Repeat(a.Element, n), castSafe)),
        AbiTupleType t => Sequence(t.Components.Select(c => c.Type), castSafe),
        _ => throw new ArgumentException(type.CanonicalName),
    };

    private static Gen<object?> Sequence(IEnumerable<AbiType> types, bool castSafe) =>
        types.Aggregate(Gen.Const(ImmutableList()), (acc, t) => acc.SelectMany(list => Value(t, castSafe).Select(v => list.Append(v).ToArray())))
            .Select(list => (object?)list);

    private static object?[] ImmutableList() => [];

    /// <summary>Types and values for a whole argument list.</summary>
    public static Gen<(AbiType[] Types, object?[] Values)> Arguments(int depth, bool castSafe = false) =>
        Type(depth).Array[0, 4].SelectMany(types =>
            Sequence(types, castSafe).Select(values => (types, (object?[])values!)));

    /// <summary>Makes decoded values comparable with generated ones: integers as BigInteger, bytes32 as byte[].</summary>
    public static object? Normalize(object? value) => value switch
    {
        byte or sbyte or ushort or short or uint or int or ulong or long => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) is var d ? new BigInteger(d) : null,
        UInt256 u => u.Value,
        Hash32 h => h.ToArray(),
        object?[] list => list.Select(Normalize).ToArray(),
        _ => value,
    };

    /// <summary>A value in cast's command-line syntax.</summary>
    public static string ToCast(object? value) => value switch
    {
        BigInteger b => b.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Address a => a.ToString(),
        bool b => b ? "true" : "false",
        byte[] bytes => Hex.Encode(bytes),
        string s => s,
        object?[] list => "[" + string.Join(",", list.Select(ToCast)) + "]",
        _ => throw new ArgumentException(value?.GetType().Name),
    };

    /// <summary>Tuples print in parentheses in cast's syntax, arrays in brackets.</summary>
    public static string ToCast(AbiType type, object? value) => type switch
    {
        AbiTupleType t => "(" + string.Join(",", t.Components.Select((c, i) => ToCast(c.Type, ((object?[])value!)[i]))) + ")",
        AbiArrayType a => "[" + string.Join(",", ((object?[])value!).Select(v => ToCast(a.Element, v))) + "]",
        _ => ToCast(value),
    };
}
