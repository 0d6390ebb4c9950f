using Dvt.ContractBindings;
using Dvt.Coordinator.Chain;
using Dvt.Crypto.KeyRounds;

namespace Dvt.Coordinator.Tests.Chain;

public sealed class PassScheduleTests
{
    private static ValidatorView View(ulong id, ValidatorKind kind = ValidatorKind.Dvt, ValidatorStatus status = ValidatorStatus.Requested,
        uint round = 1, ulong pendingDraw = 0) =>
        new(id, 1, 1, kind, status, 1, round, Hash32.Zero, true, [1, 2, 3, 4], [], pendingDraw);

    private static RoundView Round(ulong id, uint round, RoundStatus status) =>
        new(id, round, RoundKind.Split, status, 3, 0, [1], [true], [1, 2, 3, 4], [false, false, false, false]);

    [Fact]
    public void A_settled_validator_is_never_due_again()
    {
        var schedule = new PassSchedule();
        schedule.Observe(View(1, status: ValidatorStatus.Deposited), Round(1, 1, RoundStatus.Completed), new BlockNumber(10));
        schedule.Observe(View(2), Round(2, 1, RoundStatus.Dealing), new BlockNumber(10)); // its next step comes with an event
        for (ulong block = 10; block < 100; block++)
            Assert.Empty(schedule.Due(new BlockNumber(block), operatorsChanged: true));
    }

    [Fact]
    public void A_pending_draw_is_due_once_the_draw_block_is_in_reach_and_then_every_block_until_drawn()
    {
        var schedule = new PassSchedule();
        schedule.Observe(View(5, pendingDraw: 20), null, new BlockNumber(10));
        Assert.Empty(schedule.Due(new BlockNumber(18), false));
        Assert.Equal([5UL], schedule.Due(new BlockNumber(19), false)); // the draw is made once at + 1 >= drawBlock
        Assert.Empty(schedule.Due(new BlockNumber(19), false));         // handed out once
        schedule.Observe(View(5, pendingDraw: 20), null, new BlockNumber(19));
        Assert.Empty(schedule.Due(new BlockNumber(19), false));
        Assert.Equal([5UL], schedule.Due(new BlockNumber(20), false));
    }

    [Fact]
    public void A_failed_round_is_looked_at_on_each_new_confirmed_block_not_each_poll()
    {
        var schedule = new PassSchedule();
        schedule.Observe(View(3), Round(3, 1, RoundStatus.Failed), new BlockNumber(40));
        Assert.Empty(schedule.Due(new BlockNumber(40), false));
        Assert.Equal([3UL], schedule.Due(new BlockNumber(41), false));
        Assert.Empty(schedule.Due(new BlockNumber(41), false));
    }

    [Fact]
    public void A_staged_validator_is_due_when_operators_change_until_it_is_promoted()
    {
        var schedule = new PassSchedule();
        schedule.Observe(View(7, kind: ValidatorKind.Staged, status: ValidatorStatus.Deposited, round: 0), null, new BlockNumber(5));
        Assert.Empty(schedule.Due(new BlockNumber(6), operatorsChanged: false));
        Assert.Equal([7UL], schedule.Due(new BlockNumber(6), operatorsChanged: true));
        schedule.Observe(View(7, kind: ValidatorKind.Dvt, status: ValidatorStatus.Deposited), Round(7, 1, RoundStatus.Dealing), new BlockNumber(6));
        Assert.Empty(schedule.Due(new BlockNumber(7), operatorsChanged: true));
    }

    [Fact]
    public void The_full_sweep_is_due_at_start_and_then_every_interval()
    {
        var schedule = new PassSchedule();
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.True(schedule.SweepDue(start));
        schedule.SweptAt(start);
        Assert.False(schedule.SweepDue(start + PassSchedule.FullSweepInterval - TimeSpan.FromSeconds(1)));
        Assert.True(schedule.SweepDue(start + PassSchedule.FullSweepInterval));
    }
}
