using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Devnet;
using Dvt.Coordinator.Stages;
using Dvt.Crypto.KeyRounds;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Tests.Daemon;

/// <summary>
/// Test-only: the coordinator it is given to corrupts the encrypted share it deals to each of <paramref name="victims"/>
/// and, with <paramref name="corruptEscrow"/>, the DKG escrow of its constant term to the owner; only in a validator's
/// first round, so that the round fails and its restart shows recovery.
/// </summary>
public sealed class FaultInjectingShareCorruption(IReadOnlyList<ulong> victims, bool corruptEscrow, ILogger logger) : IDealFaultInjector
{
    public IReadOnlyList<ulong> Victims => victims;

    /// <summary>An operator of a test cluster that deals this way (its coordinator must run in-process).</summary>
    public static OperatorSetup Dealer(IReadOnlyList<ulong> victims, bool corruptEscrow = false) => new()
    {
        DealFaults = logging => new FaultInjectingShareCorruption(victims, corruptEscrow, logging.CreateLogger<FaultInjectingShareCorruption>()),
    };

    public void BeforeDealIsSaved(KeyRound keyRound, RoundView round, byte[] encryptedShares)
    {
        if (round.Round != 1)
            return;
        foreach (var victim in victims)
        {
            var position = round.Receivers.ToList().IndexOf(victim);
            if (position < 0)
                continue;
            var offset = 33 + 60 * position + 12 + 7; // inside the AES-GCM ciphertext: the tag no longer matches
            encryptedShares[offset] ^= 0x5a;
            logger.LogWarning("FAULT INJECTION: corrupted the share for operator {Victim} in validator {Validator} round {Round}",
                victim, keyRound.Id.ValidatorId, round.Round);
        }
        if (corruptEscrow && keyRound.EscrowRecipient is not null)
        {
            encryptedShares[33 + 60 * round.Receivers.Count + 12 + 7] ^= 0x5a; // the escrow follows the n shares
            logger.LogWarning("FAULT INJECTION: corrupted the escrow to the owner in validator {Validator} round {Round}", keyRound.Id.ValidatorId, round.Round);
        }
    }
}
