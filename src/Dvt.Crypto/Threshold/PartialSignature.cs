using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Threshold;

/// <summary>A share holder's signature with its share: H(m)^{s_i}.</summary>
public sealed record PartialSignature(ShareIndex Index, BlsSignature Signature);
