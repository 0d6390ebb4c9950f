namespace Dvt.Qbft.Messages;

/// <summary>
/// The duty a consensus instance decides the data for. Values are on the wire and in leader election:
/// pinned by a test, never renumbered.
/// </summary>
public enum DutyType : byte
{
    Attester = 1,
    Proposer = 2,
    Aggregator = 3,
    SyncCommitteeMessage = 4,
    SyncCommitteeContribution = 5,
}
