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
                throw new TimeoutException($"not within {bound}: {describe()}"); // not Assert: the bench compiles this folder too
            await Task.Delay(20);
        }
    }
}
