namespace Dvt.ContractBindings.Transactions;

public sealed record TransactionSenderOptions
{
    public FeePolicy Fees { get; init; } = new();

    /// <summary>Blocks that must exist on top of (and including) the receipt's block: 1 = mined.</summary>
    public int Confirmations { get; init; } = 1;

    public TimeSpan ReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReceiptTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a computed fee is reused for further sends: a burst of transactions then costs one block
    /// lookup, and the doubled base fee keeps the reused price valid for several blocks. Zero disables reuse.
    /// </summary>
    public TimeSpan FeeReuse { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gas limit = estimate * (100 + margin) / 100. Estimates can be tight when state moves between estimate and
    /// inclusion, and the registry draws operators from prevrandao, which an estimate cannot know: another draw writes
    /// other storage slots (a fresh slot costs 20,000 gas), so 20 % was seen to run out. Unused gas is not paid for.
    /// </summary>
    public int GasMarginPercent { get; init; } = 50;

    /// <summary>
    /// The gas limits of the transactions sent together (one JSON-RPC batch) add up to at most this (a lone transaction
    /// may exceed it). Kept under half a block's 30,000,000: a node that mines a block per arrival (anvil's automine)
    /// puts a batch in one block, and blocks fuller than half raise the base fee by up to 12.5 % each; a run of them
    /// left transactions priced a few blocks earlier below the base fee, unmined until it fell again (seen at 1,000
    /// validators with bundles of 9,600,000 gas).
    /// </summary>
    public ulong MaxBatchGas { get; init; } = 8_000_000;

    /// <summary>
    /// Calls to this contract without value that queue up behind the account's nonce are sent as one transaction
    /// (<see cref="CallBundling"/>). Null: every call is its own transaction.
    /// </summary>
    public CallBundling? Bundling { get; init; }
}
