using Dvt.Crypto.Bls;

namespace Dvt.Crypto.Threshold;

/// <summary>A share holder's public key g1^{s_i}, against which its partial signatures are checked.</summary>
public sealed record PublicShare(ShareIndex Index, BlsPublicKey PublicKey);
