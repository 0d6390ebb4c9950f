using Dvt.Consensus.Primitives;
using Dvt.Crypto.Threshold;

namespace Dvt.Signer.Directory;

/// <summary>One holder of a validator's key share, as the registry's completed round describes it.</summary>
/// <param name="Operator">The holding operator.</param>
/// <param name="PublicShare">Its share index (x coordinate) and public share, recomputed from the round's commitments.</param>
public sealed record ShareHolder(OperatorId Operator, PublicShare PublicShare);
