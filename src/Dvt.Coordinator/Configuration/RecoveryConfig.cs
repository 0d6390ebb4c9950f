namespace Dvt.Coordinator.Configuration;

/// <summary>
/// The owner's recovery-key path: when enabled, a duty whose partials did not reach the threshold by
/// <see cref="Deadline"/> may be signed with the full key (subject to the f+1 recorded rule in the signer).
/// </summary>
public sealed record RecoveryConfig(bool Enabled, TimeSpan Deadline);
