using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Follower;
using Dvt.ContractBindings.Rpc;
using Dvt.Coordinator.Chain;
using Dvt.Crypto.KeyRounds;

namespace Dvt.Coordinator.Tests.Chain;

/// <summary>Round members recorded from RoundStarted / DealingClosed in state.sqlite, and forgotten by a reorg rollback.</summary>
public sealed class CoordinatorStateTests : IAsyncLifetime
{
    private readonly string directory = System.IO.Directory.CreateTempSubdirectory("dvt-state-").FullName;
    private SqliteCursorStore cursor = null!;
    private CoordinatorState state = null!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(directory, "state.sqlite");
        cursor = await SqliteCursorStore.OpenAsync(path, "registry");
        state = CoordinatorState.Open(path);
    }

    public async Task DisposeAsync()
    {
        await cursor.DisposeAsync();
        System.IO.Directory.Delete(directory, recursive: true);
    }

    private static LogEntry At(ulong block, ulong index) =>
        new(default, [], [], new BlockNumber(block), Hash32.Zero, Hash32.Zero, 0, index, false);

    private async Task DeliverAsync(params IContractEvent[] events)
    {
        await using var batch = await cursor.BeginAsync(CancellationToken.None);
        await state.HandleAsync(events.Select(e => new FollowedLog(e.Log, e)).ToList(), batch, CancellationToken.None);
        await batch.CommitAsync(CancellationToken.None);
    }

    private async Task RollBackAsync(ulong ancestor)
    {
        await using var batch = await cursor.BeginAsync(CancellationToken.None);
        await state.RollBackAsync(new BlockNumber(ancestor), batch, CancellationToken.None);
        await batch.CommitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Round_members_are_recorded_in_order_with_the_closed_dealers_and_rolled_back_by_block()
    {
        await DeliverAsync(
            new DvtRegistryContract.RoundStartedEvent(7, 1, (byte)RoundKind.Dkg, 3, 0, [4, 2, 9, 5], [4, 2, 9, 5], At(10, 0)),
            new DvtRegistryContract.RoundStartedEvent(7, 2, (byte)RoundKind.Reshare, 3, 9, [4, 2, 5], [4, 2, 11, 5], At(20, 0)));
        await DeliverAsync(new DvtRegistryContract.DealingClosedEvent(7, 1, [2, 5, 9], At(12, 1)));

        var first = state.StartedRound(7, 1)!;
        Assert.Equal(RoundKind.Dkg, first.Kind);
        Assert.Equal(3, first.Threshold);
        Assert.Equal([4UL, 2, 9, 5], first.Receivers);
        Assert.Equal([2UL, 5, 9], first.ClosedDealers!);
        var second = state.StartedRound(7, 2)!;
        Assert.Equal((RoundKind.Reshare, 9UL), (second.Kind, second.LeavingOperatorId));
        Assert.Equal([4UL, 2, 5], second.Dealers);
        Assert.Equal([4UL, 2, 11, 5], second.Receivers);
        Assert.Null(second.ClosedDealers);
        Assert.Null(state.StartedRound(8, 1));

        await RollBackAsync(11);
        Assert.NotNull(state.StartedRound(7, 1));
        Assert.Null(state.StartedRound(7, 1)!.ClosedDealers);
        Assert.Null(state.StartedRound(7, 2));

        await RollBackAsync(9);
        Assert.Null(state.StartedRound(7, 1));
    }
}
