using Dvt.ContractBindings.Rpc;

namespace Dvt.ContractBindings.Tests;

/// <summary>anvil's test-only methods (snapshots, mining, reorgs).</summary>
internal static class AnvilRpc
{
    public static async Task<string> SnapshotAsync(this RpcClient rpc) =>
        (await rpc.RequestAsync("evm_snapshot", [])).GetString()!;

    public static async Task RevertToAsync(this RpcClient rpc, string snapshot)
    {
        var ok = await rpc.RequestAsync("evm_revert", [snapshot]);
        if (!ok.GetBoolean())
            throw new InvalidOperationException($"evm_revert {snapshot} failed");
    }

    public static Task MineAsync(this RpcClient rpc, int blocks = 1) =>
        rpc.RequestAsync("anvil_mine", [Hex.EncodeQuantity((ulong)blocks)]);

    /// <summary>Replaces the last <paramref name="depth"/> blocks by new empty ones of the same height.</summary>
    public static Task ReorgAsync(this RpcClient rpc, int depth) =>
        rpc.RequestAsync("anvil_reorg", [depth, Array.Empty<object>()]);

    public static Task RollbackAsync(this RpcClient rpc, int depth) =>
        rpc.RequestAsync("anvil_rollback", [depth]);

    public static Task SetAutomineAsync(this RpcClient rpc, bool on) =>
        rpc.RequestAsync("evm_setAutomine", [on]);
}
