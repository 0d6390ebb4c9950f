namespace Dvt.Duties.Consensus;

/// <summary>
/// The peer route that carries QBFT messages: <c>POST /peer/v1/qbft</c>, body one message in Dvt.Qbft's binary
/// encoding (<see cref="Dvt.Qbft.Encoding.QbftCodec"/>), authenticated with the same headers as partial-signature
/// requests (the sender's registered key over method, path, time, nonce and the body's hash).
/// </summary>
public static class QbftPeerMessages
{
    public const string Path = "/peer/v1/qbft";

    /// <summary>Largest body accepted: a block value with its justification fits well within it.</summary>
    public const int MaxBodyBytes = 4 << 20;
}
