using Dvt.Qbft.Messages;

namespace Dvt.Duties.Consensus;

/// <summary>
/// This holder's own input for an instance it has not started: what its beacon node says for that duty. Null when
/// it has none to give (no beacon node, or a duty whose data needs the validator client's request, like a block,
/// which needs the RANDAO reveal).
/// </summary>
public interface IDutyInputSource
{
    Task<byte[]?> FetchAsync(InstanceId instance, CancellationToken cancellationToken);
}
