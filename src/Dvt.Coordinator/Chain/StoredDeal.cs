namespace Dvt.Coordinator.Chain;

/// <summary>A deal as posted on chain (DealSubmitted calldata), kept in state.sqlite: the registry stores only its hash.</summary>
public sealed record StoredDeal(ulong ValidatorId, uint Round, ulong DealerId, byte[] Commitments, byte[] EncryptedShares);

/// <summary>A complaint as posted on chain (Complained event).</summary>
public sealed record StoredComplaint(ulong ValidatorId, uint Round, ulong ComplainerId, ulong DealerId, byte[] Evidence);

/// <summary>This coordinator's ruling on a complaint, recorded so operators (and tests) can see who was at fault.</summary>
public sealed record ComplaintRuling(ulong ValidatorId, uint Round, ulong ComplainerId, ulong DealerId, string Fault, string Reason);
