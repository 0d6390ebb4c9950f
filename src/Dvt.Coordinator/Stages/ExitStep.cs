using System.Collections.Concurrent;
using Dvt.Consensus;
using Dvt.Consensus.Containers;
using Dvt.Consensus.Networks;
using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.Coordinator.Beacon;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Keys;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Stages;

/// <summary>The owner's side of a requested exit, from the voluntary exit to its confirmation on chain.</summary>
public sealed class ExitStep(
    CoordinatorConfig config,
    OperatorKeyStore keys,
    DvtRegistryContract registry,
    CoordinatorState state,
    BeaconNodeClient? beacon,
    OwnerMessageSigner ownerSigner,
    RegistryStepSender sender,
    ILogger logger)
{
    private readonly ConcurrentDictionary<ulong, bool> exitsSubmitted = new();

    /// <summary>
    /// The owner's side of a requested exit: sign the voluntary exit (threshold path, else the owner's full key: an
    /// exit is not slashable), submit it to the beacon node, and confirm the exit on chain only once the beacon node
    /// reports the validator exited_* or withdrawal_*; until then the holders keep signing its duties. Without a
    /// beacon node nothing is confirmed: the exit could neither be submitted nor be seen to happen.
    /// </summary>
    public async Task ExitAsync(ValidatorView v, BlockNumber at, CancellationToken ct)
    {
        if (beacon is null)
        {
            if (exitRefusalsLogged.TryAdd(v.ValidatorId, true))
                logger.LogError("validator {Validator}: its exit is requested, but this coordinator has no beaconNodeUrl to submit the voluntary exit to " +
                    "or to watch the validator leave through; the exit is not confirmed on chain until beaconNodeUrl is set", v.ValidatorId);
            return;
        }
        var onBeacon = await beacon.ValidatorAsync(v.PublicKey, ct).ConfigureAwait(false);
        if (onBeacon is null)
        {
            logger.LogWarning("validator {Validator}: the beacon node does not know its key yet; its exit waits", v.ValidatorId);
            state.MarkTouched(v.ValidatorId);
            return;
        }
        if (onBeacon.HasLeft)
        {
            logger.LogInformation("validator {Validator}: the beacon node reports index {Index} {Status}; confirming the exit on chain", v.ValidatorId, onBeacon.Index, onBeacon.Status);
            await sender.SendOnceAsync(v.ValidatorId, "confirmValidatorExit", 0, at, () => registry.ConfirmValidatorExitAsync(v.ValidatorId, ct)).ConfigureAwait(false);
            return;
        }
        // Submitted once per process (a beacon node takes the same exit again without harm, e.g. after a restart);
        // not again once the beacon chain shows the exit under way.
        if (!onBeacon.IsExiting && !exitsSubmitted.ContainsKey(v.ValidatorId))
        {
            var exit = new VoluntaryExit(new Epoch(config.ExitEpoch), new ValidatorIndex(onBeacon.Index));
            var forkInfo = CurrentForkInfo();
            var root = SigningRoots.For(config.Network).VoluntaryExit(forkInfo, exit);
            var signature = await ownerSigner.ThresholdSignatureAsync(v, "voluntary exit", root, DepositMessages.ExitWeb3SignerBody(exit, forkInfo, root), ct).ConfigureAwait(false);
            // The holders judge the exit at their own confirmed block, which may not show the request yet: ask them again
            // on the next passes before the owner's full key signs it alone (allowed: an exit is not slashable).
            if (signature is null && v.Kind == ValidatorKind.Dvt && exitThresholdAttempts.AddOrUpdate(v.ValidatorId, 1, (_, n) => n + 1) < ThresholdExitAttempts)
            {
                state.MarkTouched(v.ValidatorId);
                return;
            }
            if (signature is null && keys.LoadFullKey(v.ValidatorId) is { } fullKey)
                signature = fullKey.Sign(root.AsSpan()).ToBytes();
            if (signature is null)
            {
                logger.LogWarning("validator {Validator}: its holders did not sign the voluntary exit and this operator has no full key; asking again", v.ValidatorId);
                state.MarkTouched(v.ValidatorId);
                return;
            }
            await beacon.SubmitVoluntaryExitAsync(config.ExitEpoch, onBeacon.Index, signature, ct).ConfigureAwait(false);
            exitsSubmitted[v.ValidatorId] = true;
            logger.LogInformation("validator {Validator}: voluntary exit of index {Index} submitted to the beacon node; shares are kept until it has exited", v.ValidatorId, onBeacon.Index);
        }
        state.MarkTouched(v.ValidatorId); // look at the beacon node again next pass
    }

    private readonly ConcurrentDictionary<ulong, bool> exitRefusalsLogged = new();

    /// <summary>Passes on which the owner asks the holders for a voluntary exit before its full key signs it alone.</summary>
    private const int ThresholdExitAttempts = 5;

    private readonly ConcurrentDictionary<ulong, int> exitThresholdAttempts = new();

    /// <summary>The fork_info a current client would send now: the fork active at this epoch of the network's clock, and the one before it.</summary>
    private ForkInfo CurrentForkInfo()
    {
        var network = config.Network;
        var epoch = network.EpochAtTime((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()) ?? new Epoch(0);
        var current = network.Forks.ActiveAt(epoch);
        var previous = current.Fork == ConsensusFork.Phase0 ? current : network.Forks[current.Fork - 1];
        return new ForkInfo(new Fork(previous.Version, current.Version, current.Epoch ?? new Epoch(0)), config.GenesisValidatorsRoot);
    }
}
