using Dvt.Coordinator.Chain;
using Dvt.Crypto.KeyRounds;

namespace Dvt.Coordinator.Stages;

/// <summary>
/// A hook a test harness uses to make this coordinator deal dishonestly (so that complaints, rulings and restarts can be
/// exercised against real processes). Production code passes <see cref="NoDealFaults"/>; no config field reaches it.
/// </summary>
public interface IDealFaultInjector
{
    /// <summary>May alter <paramref name="encryptedShares"/> before the deal is persisted and sent.</summary>
    void BeforeDealIsSaved(KeyRound keyRound, RoundView round, byte[] encryptedShares);
}

/// <summary>The production injector: deals go out exactly as dealt.</summary>
public sealed class NoDealFaults : IDealFaultInjector
{
    public static NoDealFaults Instance { get; } = new();

    private NoDealFaults()
    {
    }

    public void BeforeDealIsSaved(KeyRound keyRound, RoundView round, byte[] encryptedShares)
    {
    }
}
