namespace Dvt.Qbft.Encoding;

/// <summary>Bytes that are not a well-formed QBFT envelope. <see cref="Field"/> names the part at fault.</summary>
public sealed class QbftMessageFormatException(string field, string problem)
    : Exception($"QBFT message field '{field}': {problem}")
{
    public string Field { get; } = field;
}
