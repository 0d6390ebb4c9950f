using Dvt.Consensus.Primitives;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dvt.ContractBindings;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>
/// The 32 bytes an operator signs to authenticate a peer request:
/// keccak256("dvt/peer/v2" || asker u64 BE || recipient u64 BE || len(method) u8 || method || len(path) u16 BE || path || time u64 BE
/// || nonce (16) || sha256(body)). Naming the recipient makes one set of headers valid at one holder only (a holder
/// cannot replay a request it received to the other holders). Length prefixes keep method and path from running into
/// each other; the body enters through its SHA-256.
/// </summary>
public static class PeerRequestDigest
{
    public static ReadOnlySpan<byte> DomainTag => "dvt/peer/v2"u8;

    public static byte[] Compute(OperatorId asker, OperatorId recipient, string method, string path, ulong unixTime, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        if (nonce.Length != PeerRequestHeaders.NonceLength)
            throw new ArgumentException($"a peer request nonce is {PeerRequestHeaders.NonceLength} bytes, got {nonce.Length}", nameof(nonce));
        var methodBytes = Encoding.ASCII.GetBytes(method);
        var pathBytes = Encoding.UTF8.GetBytes(path);
        if (methodBytes.Length > byte.MaxValue || pathBytes.Length > ushort.MaxValue)
            throw new ArgumentException("method or path too long for a peer request");

        var buffer = new byte[DomainTag.Length + 8 + 8 + 1 + methodBytes.Length + 2 + pathBytes.Length + 8 + nonce.Length + 32];
        var span = buffer.AsSpan();
        DomainTag.CopyTo(span);
        span = span[DomainTag.Length..];
        BinaryPrimitives.WriteUInt64BigEndian(span, asker.Value);
        BinaryPrimitives.WriteUInt64BigEndian(span[8..], recipient.Value);
        span[16] = (byte)methodBytes.Length;
        methodBytes.CopyTo(span[17..]);
        span = span[(17 + methodBytes.Length)..];
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)pathBytes.Length);
        pathBytes.CopyTo(span[2..]);
        span = span[(2 + pathBytes.Length)..];
        BinaryPrimitives.WriteUInt64BigEndian(span, unixTime);
        nonce.CopyTo(span[8..]);
        SHA256.HashData(body, span[(8 + nonce.Length)..]);
        return Keccak256.Hash(buffer);
    }
}
