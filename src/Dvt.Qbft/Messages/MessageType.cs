namespace Dvt.Qbft.Messages;

/// <summary>QBFT message kinds. Values are on the wire: pinned by a test, never renumbered.</summary>
public enum MessageType : byte
{
    PrePrepare = 1,
    Prepare = 2,
    Commit = 3,
    RoundChange = 4,

    /// <summary>Sent by a holder that has decided to one still running: the value with its commit quorum.</summary>
    Decided = 5,
}
