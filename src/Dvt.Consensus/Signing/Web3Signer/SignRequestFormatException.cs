namespace Dvt.Consensus.Signing.Web3Signer;

/// <summary>A sign request body that cannot be understood; <see cref="Field"/> names the missing or bad field.</summary>
public sealed class SignRequestFormatException(string field, string problem, Exception? inner = null)
    : FormatException($"sign request field '{field}': {problem}", inner)
{
    public string Field { get; } = field;
}
