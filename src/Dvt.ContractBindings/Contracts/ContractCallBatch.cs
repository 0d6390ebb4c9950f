using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;

namespace Dvt.ContractBindings.Contracts;

/// <summary>
/// View calls collected and sent together, all at one block: as one aggregated eth_call per chunk (or JSON-RPC batches
/// of eth_call), so reading a thousand validators costs a few calls instead of thousands. Each added call returns a task that completes when
/// <see cref="ExecuteAsync"/> has its answer: the decoded value, or the contract's typed error for a revert.
/// Generated classes derive a CallBatch with one method per view.
/// </summary>
public abstract class ContractCallBatch
{
    /// <summary>
    /// Calls per aggregated eth_call (and per JSON-RPC batch when falling back): public nodes cap batch sizes (often at
    /// 100-1000); 200 registry views take a few million gas, well under the usual eth_call gas caps (30-50 million).
    /// </summary>
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
    /// Sends every added call and completes their tasks: each chunk of <see cref="MaxCallsPerRequest"/> calls as one
    /// eth_call of <see cref="ViewAggregatorContract"/>'s creation code (a node then sets up one call instead of one per
    /// view; anvil runs eth_calls one at a time, so that is what bounds how many views a coordinator can read), or as a
    /// JSON-RPC batch of eth_calls when the node refuses that call. A transport failure fails the calls not yet answered
    /// and is thrown; a call's own error only fails that call's task.
    /// </summary>
    public async Task ExecuteAsync(CancellationToken ct = default)
    {
        var pending = calls.ToArray();
        calls.Clear();
        for (var start = 0; start < pending.Length; start += MaxCallsPerRequest)
        {
            var chunk = pending.AsSpan(start, Math.Min(MaxCallsPerRequest, pending.Length - start)).ToArray();
            try
            {
                if (!await TryExecuteAggregatedAsync(chunk, ct).ConfigureAwait(false))
                    await ExecuteAsBatchAsync(chunk, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                foreach (var call in pending.AsSpan(start))
                    call.Fail(e);
                throw;
            }
        }
    }

    /// <summary>Every call of <paramref name="chunk"/> in one deployless eth_call; false if the node refused it as a whole.</summary>
    private async Task<bool> TryExecuteAggregatedAsync(PendingCall[] chunk, CancellationToken ct)
    {
        var arguments = new Nethereum.ABI.ABIEncode().GetABIEncoded(
            new Nethereum.ABI.ABIValue("address", contract.Address.ToString()), new Nethereum.ABI.ABIValue("bytes[]", chunk.Select(c => c.CallData).ToList()));
        byte[] answer;
        try
        {
            await contract.Rpc.CallAsync(new CallRequest(null, [.. AggregatorCode, .. arguments], contract.Sender?.Address), Block, ct).ConfigureAwait(false);
            throw new AbiDecodingException("the aggregated eth_call returned instead of reverting with ViewResults");
        }
        catch (RpcErrorException e) when (RevertData.TryGet(e, out var revert) && revert.AsSpan().StartsWith(ViewResultsSelector))
        {
            answer = revert;
        }
        catch (RpcErrorException)
        {
            // A node without deployless calls, a gas cap below the chunk's needs: each call on its own then, so one
            // call's problem stays that call's.
            return false;
        }
        if (ViewAggregatorContract.DecodeError(answer) is not ViewAggregatorContract.ViewResultsException results)
            throw new AbiDecodingException("the aggregated eth_call's revert is not ViewResults");
        var (ok, output) = (results.Ok, results.Output);
        if (ok.Length != chunk.Length || output.Length != chunk.Length)
            throw new AbiDecodingException($"the aggregated eth_call answered {ok.Length} results for {chunk.Length} calls");
        for (var i = 0; i < chunk.Length; i++)
        {
            if (ok[i])
                chunk[i].Complete(output[i]);
            else
                chunk[i].Fail(contract.DecodeRevert(output[i]));
        }
        return true;
    }

    private async Task ExecuteAsBatchAsync(PendingCall[] chunk, CancellationToken ct)
    {
        var requests = chunk.Select(c => new RpcRequest("eth_call", new CallRequest(contract.Address, c.CallData, contract.Sender?.Address, null).ToJson(), Block)).ToList();
        var answers = await contract.Rpc.BatchAsync(requests, ct).ConfigureAwait(false);
        for (var i = 0; i < chunk.Length; i++)
        {
            var answer = answers[i];
            if (answer.Error is { } error)
                chunk[i].Fail(RevertData.TryGet(error, out var revert) ? contract.DecodeRevert(revert) : error);
            else
                chunk[i].Complete(RpcJson.Data(answer.Result!.Value, "eth_call"));
        }
    }

    private static readonly byte[] AggregatorCode = Hex.DecodeData(ViewAggregatorContract.BytecodeHex, "ViewAggregator bytecode");
    private static readonly byte[] ViewResultsSelector = Keccak256.Hash("ViewResults(bool[],bytes[])"u8)[..4];

    private sealed record PendingCall(byte[] CallData, Action<byte[]> Complete, Action<Exception> Fail);
}
