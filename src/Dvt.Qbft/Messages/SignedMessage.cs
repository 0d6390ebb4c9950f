namespace Dvt.Qbft.Messages;

/// <summary>A message with its sender's signature over <see cref="Encoding.QbftCodec.SigningDigest"/>.</summary>
public sealed record SignedMessage(QbftMessage Message, MessageSignature Signature);
