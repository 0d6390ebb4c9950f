namespace Dvt.Signer.Signing;

/// <summary>What the local slashing protection said about one signature: allowed, or refused with the evidence.</summary>
public abstract record SlashingVerdict
{
    private SlashingVerdict()
    {
    }

    public static SlashingVerdict Allowed { get; } = new AllowedVerdict();

    public sealed record AllowedVerdict : SlashingVerdict;

    public sealed record Refused(string Evidence) : SlashingVerdict;
}
