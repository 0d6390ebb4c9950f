namespace Dvt.Signer.Lifecycle;

/// <summary>Whether the chain allows a lifecycle message: allowed, or refused naming the rule and the on-chain value checked.</summary>
public abstract record LifecycleVerdict
{
    private LifecycleVerdict()
    {
    }

    public static LifecycleVerdict Allowed { get; } = new AllowedVerdict();

    public sealed record AllowedVerdict : LifecycleVerdict;

    /// <param name="Rule">The rule's pinned name (e.g. <c>deposit.withdrawal-credentials</c>).</param>
    /// <param name="Detail">The requested value and the on-chain value it was checked against.</param>
    public sealed record Refused(string Rule, string Detail) : LifecycleVerdict
    {
        public override string ToString() => $"lifecycle rule {Rule}: {Detail}";
    }
}
