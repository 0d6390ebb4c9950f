using System.Security.Cryptography;
using System.Text;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace Dvt.Crypto.ShareEncryption;

/// <summary>Outcome of opening one encrypted share.</summary>
public enum ShareDecryptionStatus
{
    Success,
    /// <summary>The GCM tag does not match: wrong key, wrong associated data, or tampered bytes.</summary>
    AuthenticationFailed,
}

/// <summary>
/// Encryption of a 32-byte share to a receiver's secp256k1 key: ECDH x-coordinate of e * PK,
/// aesKey = HKDF-SHA256(ikm = x, salt = "dvt/share/v1", info = AD, 32 bytes), AES-256-GCM with AD.
/// </summary>
public static class ShareCipher
{
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes(ShareAssociatedData.Domain);

    /// <summary>Dealer side: encrypts <paramref name="plaintext"/> (32 bytes) under ECDH(ephemeral, receiver).</summary>
    public static ShareCiphertext Encrypt(ShareEncryptionKey ephemeral, ShareEncryptionPublicKey receiver, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.Length != ShareCiphertext.BodyLength)
            throw new ArgumentException($"a share is {ShareCiphertext.BodyLength} bytes, got {plaintext.Length}", nameof(plaintext));
        Span<byte> key = stackalloc byte[32];
        Span<byte> output = stackalloc byte[ShareCiphertext.Length];
        try
        {
            DeriveKey(ephemeral.Multiply(receiver.Point), associatedData, key);
            RandomNumberGenerator.Fill(output[..ShareCiphertext.NonceLength]);
            using var aes = new AesGcm(key, ShareCiphertext.TagLength);
            aes.Encrypt(output[..ShareCiphertext.NonceLength], plaintext,
                output.Slice(ShareCiphertext.NonceLength, ShareCiphertext.BodyLength),
                output[(ShareCiphertext.NonceLength + ShareCiphertext.BodyLength)..], associatedData);
            return new ShareCiphertext(output);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Receiver side: opens with sk_receiver * E. <paramref name="plaintext"/> is 32 bytes; the caller zeroes it.</summary>
    public static ShareDecryptionStatus Decrypt(ShareEncryptionKey receiverKey, ShareEncryptionPublicKey ephemeral, ReadOnlySpan<byte> associatedData, ShareCiphertext ciphertext, Span<byte> plaintext)
        => Decrypt(receiverKey.Multiply(ephemeral.Point), associatedData, ciphertext, plaintext);

    /// <summary>Opens with a revealed ECDH point (a complaint's evidence), as a third party does.</summary>
    internal static ShareDecryptionStatus Decrypt(ECPoint ecdhPoint, ReadOnlySpan<byte> associatedData, ShareCiphertext ciphertext, Span<byte> plaintext)
    {
        if (plaintext.Length != ShareCiphertext.BodyLength)
            throw new ArgumentException($"plaintext buffer must be {ShareCiphertext.BodyLength} bytes", nameof(plaintext));
        Span<byte> key = stackalloc byte[32];
        try
        {
            DeriveKey(ecdhPoint, associatedData, key);
            using var aes = new AesGcm(key, ShareCiphertext.TagLength);
            aes.Decrypt(ciphertext.Nonce, ciphertext.Body, ciphertext.Tag, plaintext, associatedData);
            return ShareDecryptionStatus.Success;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return ShareDecryptionStatus.AuthenticationFailed;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void DeriveKey(ECPoint ecdhPoint, ReadOnlySpan<byte> associatedData, Span<byte> key)
    {
        var x = ecdhPoint.Normalize().AffineXCoord.GetEncoded();
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, x, key, Salt, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(x);
        }
    }
}
