using Dvt.Consensus.Primitives;
using CsCheck;
using Dvt.SlashingProtection.Interchange;

namespace Dvt.SlashingProtection.Tests;

/// <summary>
/// Random request sequences against a real SQLite store: whatever the order, the requests judged
/// safe never form a slashable pair; a request beyond everything seen is always safe; and the
/// export, imported into a fresh store, refuses every request that was judged safe.
/// </summary>
public sealed class SafetyPropertyTests : IAsyncLifetime
{
    private readonly SqliteBackend _backend = new();

    private sealed record Request(bool IsBlock, int Key, ulong A, ulong B, int Root)
    {
        public SigningRoot SigningRoot => Root == 0 ? SigningRoot.Zero : TestKeys.Root(Root);
    }

    private static readonly Gen<Request> RequestGen =
        Gen.Select(Gen.Bool, Gen.Int[1, 2], Gen.ULong[0, 12], Gen.ULong[0, 12], Gen.Int[0, 3])
            .Select((block, key, a, b, root) => new Request(block, key, a, b, root));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _backend.DisposeAsync();

    [Fact]
    public void SafeDecisionsNeverConflictAndSurviveExport()
    {
        RequestGen.Array[1, 40].Sample(requests => Task.Run(() => CheckAsync(requests)).GetAwaiter().GetResult(), iter: 60, threads: 1);
    }

    private async Task CheckAsync(Request[] requests)
    {
        await using var store = await _backend.OpenNewAsync(TestKeys.Chain);
        await store.RegisterValidatorsAsync([TestKeys.Key(1), TestKeys.Key(2)]);
        var safe = new List<Request>();
        foreach (var request in requests)
        {
            var seen = safe.Where(s => s.Key == request.Key && s.IsBlock == request.IsBlock).ToList();
            var decision = await DecideAsync(store, request);
            if (decision.IsSafe)
            {
                foreach (var earlier in seen)
                    Assert.False(Conflict(earlier, request), $"{request} was judged safe ({decision}) but conflicts with {earlier}");
                safe.Add(request);
            }
            else if (IsBeyondEverything(request, seen))
            {
                Assert.Fail($"{request} lies beyond everything signed yet was refused: {decision}");
            }
        }

        await using var copy = await _backend.OpenNewAsync(TestKeys.Chain);
        var exported = InterchangeJson.Write(await store.ExportAsync());
        await copy.ImportAsync(InterchangeJson.Parse(exported));
        Assert.Equal(exported, InterchangeJson.Write(await copy.ExportAsync()));
        foreach (var request in safe)
        {
            var decision = await DecideAsync(copy, request);
            Assert.False(decision.IsSafe, $"after import, {request} was judged safe again: {decision}");
        }
    }

    private static Task<SigningDecision> DecideAsync(ISlashingProtectionStore store, Request r)
        => r.IsBlock
            ? store.CheckAndInsertBlockAsync(TestKeys.Key((byte)r.Key), new Slot(r.A), r.SigningRoot)
            : store.CheckAndInsertAttestationAsync(TestKeys.Key((byte)r.Key), new Epoch(r.A), new Epoch(r.B), r.SigningRoot);

    private static bool SameMessage(Request x, Request y) => x.Root != 0 && x.Root == y.Root;

    private static bool Conflict(Request x, Request y)
    {
        if (x.IsBlock)
            return x.A == y.A && !(SameMessage(x, y));
        var doubleVote = x.B == y.B && !(SameMessage(x, y) && x.A == y.A);
        var surround = (x.A < y.A && x.B > y.B) || (y.A < x.A && y.B > x.B);
        return doubleVote || surround;
    }

    private static bool IsBeyondEverything(Request r, List<Request> seen)
        => r.IsBlock
            ? seen.All(s => r.A > s.A)
            : r.A <= r.B && seen.All(s => r.A >= s.A && r.B > s.B);
}
