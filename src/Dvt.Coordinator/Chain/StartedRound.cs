using Dvt.Crypto.KeyRounds;

namespace Dvt.Coordinator.Chain;

/// <summary>
/// A key round's members as its RoundStarted event announced them, with the dealers its DealingClosed event named
/// (null until dealing closed): the registry keeps members only for rounds since the holders last changed, so older
/// rounds are known from these events alone.
/// </summary>
public sealed record StartedRound(
    ulong ValidatorId, uint Round, RoundKind Kind, int Threshold, ulong LeavingOperatorId,
    IReadOnlyList<ulong> Dealers, IReadOnlyList<ulong> Receivers, IReadOnlyList<ulong>? ClosedDealers);
