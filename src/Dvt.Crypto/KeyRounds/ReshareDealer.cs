using Dvt.Crypto.Bls;
using Dvt.Crypto.Threshold;

namespace Dvt.Crypto.KeyRounds;

/// <summary>
/// An old holder dealing in a reshare: its share index in the previous round and its public share there
/// (from the previous round's commitments), which its new constant commitment must equal.
/// </summary>
public sealed record ReshareDealer(ulong OperatorId, ShareIndex OldIndex, BlsPublicKey OldPublicShare);
