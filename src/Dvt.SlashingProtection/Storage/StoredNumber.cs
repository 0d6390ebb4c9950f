namespace Dvt.SlashingProtection.Storage;

/// <summary>
/// Maps unsigned 64-bit slots and epochs onto the signed BIGINT columns of SQLite and PostgreSQL by
/// flipping the top bit: the mapping keeps order, so MIN, MAX and comparisons in SQL stay correct
/// for the whole u64 range an interchange file may carry (0 is stored as long.MinValue).
/// </summary>
internal static class StoredNumber
{
    private const ulong TopBit = 0x8000_0000_0000_0000UL;

    public static long ToColumn(ulong value) => unchecked((long)(value ^ TopBit));

    public static ulong FromColumn(long column) => unchecked((ulong)column ^ TopBit);
}
