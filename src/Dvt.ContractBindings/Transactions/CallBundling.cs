namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// How a <see cref="TransactionSender"/> folds calls to one contract that queue up behind its nonce into one
/// transaction: <paramref name="Encode"/> wraps their calldata in the contract's bundle entry point (the registry's
/// <c>multicall(bytes[])</c>, which runs each as if sent alone and reverts them all with the first refusal). On a node
/// that mines a block per transaction (anvil's automine) the block, not the call, is what costs; at 1,000 validators a
/// coordinator's steps landed one or two per block. Only calls without value are bundled, and a bundle of one is sent
/// as the plain call.
/// </summary>
public sealed record CallBundling(Address Target, Func<IReadOnlyList<byte[]>, byte[]> Encode)
{
    /// <summary>At most this many calls in one bundle.</summary>
    public int MaxCalls { get; init; } = 64;

    /// <summary>
    /// A bundle's gas limit is the sum of its calls' own limits (each estimated alone, with the margin and any floor);
    /// calls are added only while the sum stays under this, a fraction of a block (see
    /// <see cref="TransactionSenderOptions.MaxBatchGas"/>).
    /// </summary>
    public ulong MaxGas { get; init; } = 4_000_000;

    /// <summary>
    /// How long the holder of the nonce waits, before sending, for more calls to join its bundle. Zero: only the calls
    /// that queued while the previous send was on its way. Each bundle then costs this much more latency, for fewer
    /// blocks: at 1,000 validators on anvil, blocks carried 1.3-1.6 calls each without it.
    /// </summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;
}
