using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;

namespace Dvt.ContractBindings.Contracts;

/// <summary>
/// View calls collected and sent as JSON-RPC batches of eth_call, all at one block: reading a thousand validators
/// costs a few round trips instead of thousands. Each added call returns a task that completes when
/// <see cref="ExecuteAsync"/> has its answer: the decoded value, or the contract's typed error for a revert.
/// Generated classes derive a CallBatch with one method per view.
/// </summary>
public abstract class ContractCallBatch
{
    /// <summary>Calls per JSON-RPC batch: public nodes cap batch sizes (often at 100-1000), anvil and geth take more.</summary>
    public const int MaxCallsPerRequest = 200;

    private readonly ContractBinding contract;
    private readonly List<PendingCall> calls = [];

    protected ContractCallBatch(ContractBinding contract, BlockTag block)
    {
        this.contract = contract;
        Block = block;
    }

    public BlockTag Block { get; }

    /// <summary>Calls added and not yet executed.</summary>
    public int Count => calls.Count;

    protected Task<T> Add<T>(byte[] callData, Func<byte[], T> decode)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        calls.Add(new PendingCall(callData, output =>
        {
            try
            {
                completion.SetResult(decode(output));
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }, e => completion.SetException(e)));
        return completion.Task;
    }

    /// <summary>
    /// Sends every added call (in batches of <see cref="MaxCallsPerRequest"/>) and completes their tasks. A transport
    /// failure fails the calls not yet answered and is thrown; a call's own error only fails that call's task.
    /// </summary>
    public async Task ExecuteAsync(CancellationToken ct = default)
    {
        var pending = calls.ToArray();
        calls.Clear();
        for (var start = 0; start < pending.Length; start += MaxCallsPerRequest)
        {
            var chunk = pending.AsSpan(start, Math.Min(MaxCallsPerRequest, pending.Length - start)).ToArray();
            var requests = chunk.Select(c => new RpcRequest("eth_call", new CallRequest(contract.Address, c.CallData, contract.Sender?.Address, null).ToJson(), Block)).ToList();
            IReadOnlyList<RpcResponse> answers;
            try
            {
                answers = await contract.Rpc.BatchAsync(requests, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var call in pending.AsSpan(start))
                    call.Fail(e);
                throw;
            }
            for (var i = 0; i < chunk.Length; i++)
            {
                var answer = answers[i];
                if (answer.Error is { } error)
                    chunk[i].Fail(RevertData.TryGet(error, out var revert) ? contract.DecodeRevert(revert) : error);
                else
                    chunk[i].Complete(RpcJson.Data(answer.Result!.Value, "eth_call"));
            }
        }
    }

    private sealed record PendingCall(byte[] CallData, Action<byte[]> Complete, Action<Exception> Fail);
}
