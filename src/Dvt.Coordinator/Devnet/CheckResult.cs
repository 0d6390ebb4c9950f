namespace Dvt.Coordinator.Devnet;

/// <summary>One promise the devnet checked, and what it saw.</summary>
public sealed record CheckResult(string Name, bool Passed, string Detail, double Seconds);
