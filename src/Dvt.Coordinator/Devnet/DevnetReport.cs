namespace Dvt.Coordinator.Devnet;

/// <summary>What `dvt devnet --report FILE` writes: the run, every signature produced and every check with its outcome.</summary>
public sealed record DevnetReport(
    string Profile,
    int Operators,
    string StartedAt,
    double DurationSeconds,
    bool Passed,
    string Chain,
    string Registry,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<SignatureRecord> Signatures);
