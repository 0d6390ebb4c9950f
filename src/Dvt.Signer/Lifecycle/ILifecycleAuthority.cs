using Dvt.Signer.Directory;

namespace Dvt.Signer.Lifecycle;

/// <summary>
/// What the chain says about a validator's lifecycle, asked by every signer before it releases a signature over a
/// lifecycle message (DEPOSIT, VOLUNTARY_EXIT, VALIDATOR_REGISTRATION). The coordinator implements it over the
/// registry's state at its confirmed block; the signer never trusts the requester for any of it.
/// </summary>
public interface ILifecycleAuthority
{
    /// <summary>The registry's record of the validator, or null when the registry does not know it (every lifecycle message is then refused).</summary>
    Task<LifecycleRecord?> RecordAsync(ValidatorSigningSet set, CancellationToken cancellationToken);
}
