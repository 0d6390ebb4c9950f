using System.Collections.Concurrent;
using Dvt.Consensus.Primitives;
using Dvt.Signer.Directory;
using Dvt.Signer.Lifecycle;

namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// The registry's lifecycle records as one holder's coordinator would read them, held in memory so a test can move a
/// validator through its phases (awaiting deposit, deposited, exit requested) the way the chain would.
/// </summary>
public sealed class StaticLifecycleAuthority : ILifecycleAuthority
{
    /// <summary>The withdrawal credentials every cluster validator is registered with: 0x01, 11 zero bytes, <see cref="WithdrawalAddress"/>.</summary>
    public static readonly Bytes32 WithdrawalCredentials = Bytes32.Parse("0x0100000000000000000000001111111111111111111111111111111111111111");

    public static readonly ExecutionAddress WithdrawalAddress = ExecutionAddress.Parse("0x1111111111111111111111111111111111111111");

    private readonly ConcurrentDictionary<ulong, LifecyclePhase> _phases = new();

    public LifecyclePhase Default { get; set; } = LifecyclePhase.Deposited;

    public void SetPhase(ulong validatorId, LifecyclePhase phase) => _phases[validatorId] = phase;

    public Task<LifecycleRecord?> RecordAsync(ValidatorSigningSet set, CancellationToken cancellationToken)
        => Task.FromResult<LifecycleRecord?>(new LifecycleRecord(
            set.ValidatorId, BlsPublicKeyBytes.FromBytes(set.PublicKey.Span), WithdrawalCredentials,
            _phases.TryGetValue(set.ValidatorId, out var phase) ? phase : Default, WithdrawalAddress, 100));
}
