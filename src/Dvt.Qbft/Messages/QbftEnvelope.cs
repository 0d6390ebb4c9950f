namespace Dvt.Qbft.Messages;

/// <summary>
/// What travels between holders: a signed message, the value it names when the receiver needs the bytes
/// (PRE-PREPARE, a prepared ROUND-CHANGE, DECIDED), and its justification: signed messages that prove the
/// round change or prepared value it claims (each checked on its own signature).
/// </summary>
public sealed record QbftEnvelope(SignedMessage Signed, byte[]? Value, IReadOnlyList<SignedMessage> Justification)
{
    public QbftMessage Message => Signed.Message;
}
