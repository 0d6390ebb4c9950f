namespace Dvt.Signer.Tests.Cluster;

/// <summary>
/// A bounded wait for something the signer does in the background (pushes, their failures and counters finish after
/// the request that started them has been answered).
/// </summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, TimeSpan bound, Func<string> describe)
    {
        var until = DateTime.UtcNow + bound;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
                Assert.Fail($"not within {bound}: {describe()}");
            await Task.Delay(20);
        }
    }
}
