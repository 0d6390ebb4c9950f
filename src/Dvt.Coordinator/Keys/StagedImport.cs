using Dvt.Consensus.Primitives;
using Dvt.Crypto.Bls;

namespace Dvt.Coordinator.Keys;

/// <summary>An existing validator key staged in keys/imports/, waiting for the next validator request with these credentials.</summary>
public sealed record StagedImport(string File, BlsPublicKeyBytes PublicKey, string WithdrawalCredentialsHex, DateTimeOffset StagedAt);
