namespace Dvt.Signer.Observability;

/// <summary>What became of one duty a validator client asked for (label values of dvt_signer_duties_total, pinned).</summary>
public enum DutyResult
{
    /// <summary>A signature was returned.</summary>
    Signed = 1,

    /// <summary>No signature although the request was well formed and the key is served here: no quorum, no key, an error, the client gone.</summary>
    Missed = 2,

    /// <summary>Slashing protection refused it (here or at a holder): a correct refusal, not a miss.</summary>
    Refused = 3,
}
