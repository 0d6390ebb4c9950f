namespace Dvt.ContractBindings.Transactions;

/// <summary>A raw transaction that is not a well-formed signed type-2 transaction; the message says why.</summary>
public sealed class TransactionFormatException(string message, Exception? inner = null) : FormatException(message, inner);
