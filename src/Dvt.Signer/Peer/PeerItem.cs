using Dvt.Consensus.Primitives;
using Dvt.Consensus.Signing.Web3Signer;
using Dvt.Crypto.Threshold;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>
/// One peer request that passed the endpoint's checks: the validator, the parsed request and the signing root this
/// holder recomputed, and the asker's partial (unverified) with the asker's share.
/// </summary>
internal sealed record PeerItem(
    ValidatorSigningSet Set, SignRequest Request, Root SigningRoot, byte[] Web3SignerBody, OperatorId Asker,
    PartialSignature? AskerPartial, ShareHolder? AskerHolder);
