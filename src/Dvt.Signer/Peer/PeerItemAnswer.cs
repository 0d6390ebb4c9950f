namespace Dvt.Signer.Peer;

/// <summary>
/// What a holder answers to one partial-signature request, whether it came alone or in a batch: the status (200 with
/// <see cref="Body"/>, else an error status with <see cref="Message"/>) and the outcome label counted in the metrics.
/// </summary>
internal sealed record PeerItemAnswer(int Status, string Outcome, byte[]? Body, string Message)
{
    public static PeerItemAnswer Ok(byte[] body) => new(200, "signed", body, "");

    public static PeerItemAnswer Refuse(string outcome, int status, string message) => new(status, outcome, null, message);
}
