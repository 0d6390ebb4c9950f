namespace Dvt.Coordinator.Devnet;

/// <summary>
/// Looks for slashable pairs among signatures actually produced, per validator key: two blocks at one slot with
/// different roots, two attestations for one target with different roots (double vote), or one attestation
/// surrounding another. Returns a description of each pair found.
/// </summary>
public static class SlashingAudit
{
    public static IReadOnlyList<string> Find(IEnumerable<SignatureRecord> signatures)
    {
        var problems = new List<string>();
        foreach (var key in signatures.GroupBy(s => s.Pubkey))
        {
            var blocks = key.Where(s => s.Type == "BLOCK_V2" && s.Slot is not null).ToArray();
            foreach (var slot in blocks.GroupBy(b => b.Slot))
            {
                if (slot.Select(b => b.SigningRoot).Distinct().Count() > 1)
                    problems.Add($"{Short(key.Key)}: two different blocks signed at slot {slot.Key}");
            }
            var votes = key.Where(s => s.Type == "ATTESTATION" && s.SourceEpoch is not null && s.TargetEpoch is not null)
                .DistinctBy(s => s.SigningRoot).ToArray();
            for (var i = 0; i < votes.Length; i++)
            {
                for (var j = i + 1; j < votes.Length; j++)
                {
                    var (a, b) = (votes[i], votes[j]);
                    if (a.TargetEpoch == b.TargetEpoch)
                        problems.Add($"{Short(key.Key)}: double vote for target epoch {a.TargetEpoch}");
                    else if ((a.SourceEpoch < b.SourceEpoch && b.TargetEpoch < a.TargetEpoch) || (b.SourceEpoch < a.SourceEpoch && a.TargetEpoch < b.TargetEpoch))
                        problems.Add($"{Short(key.Key)}: surround vote ({a.SourceEpoch}->{a.TargetEpoch} and {b.SourceEpoch}->{b.TargetEpoch})");
                }
            }
        }
        return problems;
    }

    private static string Short(string key) => key.Length > 14 ? key[..10] + "…" : key;
}
