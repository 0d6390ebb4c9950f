namespace Dvt.ContractBindings.Abi;

/// <summary>Conversions from the decoder's values (object?[] for arrays and tuples) to typed arrays, for generated code.</summary>
public static class AbiValues
{
    public static T[] ToArray<T>(object? value, Func<object?, T> convert)
    {
        if (value is not object?[] items)
            throw new AbiDecodingException($"expected an array value, got {value?.GetType().Name ?? "null"}");
        var result = new T[items.Length];
        for (var i = 0; i < items.Length; i++)
            result[i] = convert(items[i]);
        return result;
    }

    public static object?[] Tuple(object? value, int count)
    {
        if (value is not object?[] items || items.Length != count)
            throw new AbiDecodingException($"expected a tuple of {count} values, got {value?.GetType().Name ?? "null"}");
        return items;
    }
}
