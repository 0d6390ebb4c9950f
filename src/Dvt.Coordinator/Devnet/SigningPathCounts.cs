using System.Globalization;
using System.Text.RegularExpressions;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// The signer's approved-signature counters by path, scraped from a coordinator's /metrics
/// (dvt_signer_requests_total{outcome="approved",reason="threshold|recovery|solo"}). Requests sent one at a time to
/// one coordinator are attributed to a path by the counter that moved.
/// </summary>
public sealed partial record SigningPathCounts(double Threshold, double Recovery, double Solo)
{
    public static SigningPathCounts Parse(string metrics)
    {
        double threshold = 0, recovery = 0, solo = 0;
        foreach (Match m in ApprovedLine().Matches(metrics))
        {
            var value = double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            switch (m.Groups["reason"].Value)
            {
                case "threshold": threshold += value; break;
                case "recovery": recovery += value; break;
                case "solo": solo += value; break;
            }
        }
        return new SigningPathCounts(threshold, recovery, solo);
    }

    /// <summary>The one path whose counter grew since <paramref name="before"/>, or "unknown".</summary>
    public string PathSince(SigningPathCounts before) =>
        (Threshold - before.Threshold, Recovery - before.Recovery, Solo - before.Solo) switch
        {
            ( > 0, 0, 0) => "threshold",
            (0, > 0, 0) => "recovery",
            (0, 0, > 0) => "solo",
            _ => "unknown",
        };

    [GeneratedRegex("""^dvt_signer_requests_total\{(?=[^}]*outcome="approved")(?=[^}]*reason="(?<reason>[a-z]+)")[^}]*\}\s+(?<value>[0-9.eE+-]+)""", RegexOptions.Multiline)]
    private static partial Regex ApprovedLine();
}
