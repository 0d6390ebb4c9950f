namespace Dvt.Crypto.Bls;

/// <summary>Why a byte string is not an acceptable BLS point, key or signature.</summary>
public enum BlsEncodingFailure
{
    WrongLength,
    BadEncoding,
    NotOnCurve,
    NotInSubgroup,
    Infinity,
    NotCanonicalScalar,
    ZeroScalar,
}

/// <summary>A BLS point, key or signature could not be decoded; says which kind and why.</summary>
public sealed class BlsEncodingException : FormatException
{
    public BlsEncodingException(string what, BlsEncodingFailure failure, string detail)
        : base($"invalid {what}: {detail}")
    {
        What = what;
        Failure = failure;
    }

    /// <summary>What was being decoded (e.g. "BLS public key").</summary>
    public string What { get; }

    public BlsEncodingFailure Failure { get; }
}
