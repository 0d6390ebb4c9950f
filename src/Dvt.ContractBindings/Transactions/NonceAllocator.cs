using System.Collections.Concurrent;
using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Transactions;

/// <summary>
/// Hands out consecutive nonces per sender, safe under concurrency: a sender's nonce is held under an async
/// lock from allocation until the node accepted (or refused) the transaction, so nonces reach the node in
/// order and without gaps. After a failed send the next allocation re-reads eth_getTransactionCount("pending").
/// </summary>
public sealed class NonceAllocator(RpcClient rpc)
{
    private readonly ConcurrentDictionary<Address, SenderState> senders = new();

    /// <summary>Takes the sender's lock and its next nonce; dispose the lease after sending, calling Commit on success.</summary>
    public async Task<NonceLease> AcquireAsync(Address sender, CancellationToken ct)
    {
        var state = senders.GetOrAdd(sender, _ => new SenderState());
        await state.Lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (state.Next is null)
                state.Next = await rpc.GetTransactionCountAsync(sender, BlockTag.Pending, ct).ConfigureAwait(false);
            return new NonceLease(state, state.Next.Value);
        }
        catch
        {
            state.Lock.Release();
            throw;
        }
    }

    /// <summary>Forgets the cached nonce so the next allocation asks the node (after an external send, for example).</summary>
    public async Task ResyncAsync(Address sender, CancellationToken ct)
    {
        var state = senders.GetOrAdd(sender, _ => new SenderState());
        await state.Lock.WaitAsync(ct).ConfigureAwait(false);
        state.Next = null;
        state.Lock.Release();
    }

    internal sealed class SenderState
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public ulong? Next { get; set; }
    }
}

/// <summary>
/// One allocated nonce, or a run of consecutive nonces from it. Commit when the node accepted the transaction(s);
/// otherwise disposal triggers a resync.
/// </summary>
public sealed class NonceLease : IDisposable
{
    private readonly NonceAllocator.SenderState state;
    private bool committed;
    private bool disposed;

    internal NonceLease(NonceAllocator.SenderState state, ulong nonce)
    {
        this.state = state;
        Nonce = nonce;
    }

    public ulong Nonce { get; }

    public void Commit() => committed = true;

    /// <summary>The node accepted the transactions of this nonce and the <paramref name="following"/> nonces after it.</summary>
    public void Commit(ulong following)
    {
        committed = true;
        this.following = following;
    }

    private ulong following;

    private bool unused;

    /// <summary>Nothing was sent with this nonce: it stays the next one.</summary>
    public void Unused() => unused = true;

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        if (!unused)
            state.Next = committed ? Nonce + 1 + following : null;
        state.Lock.Release();
    }
}
