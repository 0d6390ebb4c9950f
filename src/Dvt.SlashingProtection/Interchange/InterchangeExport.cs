using Dvt.SlashingProtection.Storage;

namespace Dvt.SlashingProtection.Interchange;

/// <summary>Reads the recorded history of some or all keys as an interchange, inside the caller's transaction.</summary>
internal static class InterchangeExport
{
    public static async Task<InterchangeDocument> ReadAsync(
        SqlValidatorHistory history, GenesisValidatorsRoot chain, IReadOnlyCollection<ValidatorPublicKeyBytes>? only, CancellationToken ct)
    {
        var wanted = only is null ? null : new HashSet<ValidatorPublicKeyBytes>(only);
        var data = new List<InterchangeValidator>();
        foreach (var row in await history.ValidatorsAsync(ct))
        {
            if (wanted is not null && !wanted.Contains(row.PublicKey))
                continue;
            data.Add(new InterchangeValidator(
                row.PublicKey,
                await history.BlocksAsync(row.Id, ct),
                await history.AttestationsAsync(row.Id, ct)));
        }
        return new InterchangeDocument(chain, data);
    }
}
