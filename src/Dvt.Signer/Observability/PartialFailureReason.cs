namespace Dvt.Signer.Observability;

/// <summary>Why a holder's partial signature did not count (metric label values, pinned).</summary>
public enum PartialFailureReason
{
    /// <summary>No answer before the deadline.</summary>
    Timeout = 1,

    /// <summary>The holder's slashing protection refused (HTTP 412).</summary>
    Refused = 2,

    /// <summary>The holder answered with a partial that does not verify against its public share.</summary>
    BadPartial = 3,

    /// <summary>The holder could not be reached (connection refused, reset, DNS).</summary>
    Unreachable = 4,

    /// <summary>The holder answered with another error status (401, 404, 500...) or an unreadable body.</summary>
    Error = 5,

    /// <summary>The holder refused with 403: the registry's state does not allow the message there (or the asker).</summary>
    Forbidden = 6,
}
