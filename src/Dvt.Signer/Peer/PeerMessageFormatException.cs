namespace Dvt.Signer.Peer;

/// <summary>A peer message that cannot be understood; <see cref="Field"/> names the bad field.</summary>
public sealed class PeerMessageFormatException(string field, string problem, Exception? inner = null)
    : FormatException($"peer message field '{field}': {problem}", inner)
{
    public string Field { get; } = field;
}
