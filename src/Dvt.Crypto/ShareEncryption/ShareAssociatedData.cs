using System.Buffers.Binary;
using System.Text;

namespace Dvt.Crypto.ShareEncryption;

/// <summary>
/// The AES-GCM associated data (and HKDF info) of one encrypted share, binding it to one chain,
/// registry, validator, round, dealer, receiver and share index, so it cannot be replayed elsewhere:
/// "dvt/share/v1" || chainId (u64 BE) || registry (20) || validatorId (u64 BE) || round (u32 BE)
/// || dealer operatorId (u64 BE) || receiver operatorId (u64 BE) || share index (u8; 0 = DKG escrow).
/// </summary>
public static class ShareAssociatedData
{
    public const string Domain = "dvt/share/v1";
    public const int RegistryAddressLength = 20;
    public static readonly int Length = Domain.Length + 8 + RegistryAddressLength + 8 + 4 + 8 + 8 + 1;

    public static byte[] Build(ulong chainId, ReadOnlySpan<byte> registryAddress, ulong validatorId, uint round,
        ulong dealerOperatorId, ulong receiverOperatorId, byte shareIndex)
    {
        if (registryAddress.Length != RegistryAddressLength)
            throw new ArgumentException($"registry address is {RegistryAddressLength} bytes, got {registryAddress.Length}", nameof(registryAddress));
        var ad = new byte[Length];
        var span = ad.AsSpan();
        var at = Encoding.ASCII.GetBytes(Domain, span);
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], chainId); at += 8;
        registryAddress.CopyTo(span[at..]); at += RegistryAddressLength;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], validatorId); at += 8;
        BinaryPrimitives.WriteUInt32BigEndian(span[at..], round); at += 4;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], dealerOperatorId); at += 8;
        BinaryPrimitives.WriteUInt64BigEndian(span[at..], receiverOperatorId); at += 8;
        span[at] = shareIndex;
        return ad;
    }
}
