using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.KeyRounds;

/// <summary>An operator taking part in a round, with its registered share-encryption key.</summary>
public sealed record RoundParticipant(ulong OperatorId, ShareEncryptionPublicKey EncryptionKey);
