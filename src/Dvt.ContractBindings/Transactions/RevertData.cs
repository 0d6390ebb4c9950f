using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Transactions;

/// <summary>Recognises a node's "execution reverted" error and extracts the revert bytes from its data.</summary>
public static class RevertData
{
    public static bool TryGet(RpcErrorException error, out byte[] data)
    {
        data = [];
        var bytes = error.DataBytes;
        // geth and anvil use code 3 with the revert bytes as data; a revert without data has no data field.
        if (error.Code == 3 || bytes is not null || error.NodeMessage.Contains("revert", StringComparison.OrdinalIgnoreCase))
        {
            data = bytes ?? [];
            return error.Code == 3 || error.NodeMessage.Contains("revert", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }
}
