namespace Dvt.ContractBindings.Transactions;

/// <summary>What to send: a call to <paramref name="To"/> (or a deployment when null). Gas is estimated when not given.</summary>
public sealed record TransactionRequest(Address? To, byte[] Data, UInt256 Value = default, ulong? GasLimit = null);
