namespace Dvt.Coordinator.Cli.Views;

/// <summary>A validator's current key round: split, DKG or reshare, and how far dealing and acking got.</summary>
public sealed record RoundView(
    uint Number,
    string Kind,
    string Status,
    int Threshold,
    int DealersRequired,
    int Dealt,
    int Acked,
    ulong LeavingOperatorId)
{
    /// <summary>"#2 reshare completed", "#1 dkg dealing 1/4".</summary>
    public string Summary => Status switch
    {
        "dealing" => $"#{Number} {Kind} dealing {Dealt}/{DealersRequired}",
        "acking" => $"#{Number} {Kind} acking {Acked}",
        _ => $"#{Number} {Kind} {Status}",
    };
}
