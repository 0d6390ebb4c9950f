using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Contracts;

/// <summary>A decoded contract event (generated record) together with the log it came from.</summary>
public interface IContractEvent
{
    /// <summary>The log the event was decoded from: block number and hash, transaction, log index.</summary>
    LogEntry Log { get; }
}
