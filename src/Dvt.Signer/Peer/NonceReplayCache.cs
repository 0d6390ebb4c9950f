using Dvt.Consensus.Primitives;
using System.Collections.Concurrent;
using Dvt.Signer.Directory;

namespace Dvt.Signer.Peer;

/// <summary>
/// Nonces seen from each operator while their request time is still acceptable. A request whose time is outside
/// the skew window is refused anyway, so an entry can be forgotten once its time has left the window.
/// </summary>
public sealed class NonceReplayCache(TimeProvider time, TimeSpan window)
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<(ulong Operator, UInt128 Nonce), DateTimeOffset> _seen = new();
    private int _insertsSinceSweep;

    /// <summary>Records the nonce (its 16 decoded bytes); false when the operator already used it inside the window (a replay).</summary>
    public bool TryRecord(OperatorId asker, ReadOnlySpan<byte> nonce, DateTimeOffset requestTime)
    {
        if (nonce.Length != PeerRequestHeaders.NonceLength)
            throw new ArgumentException($"a nonce is {PeerRequestHeaders.NonceLength} bytes, got {nonce.Length}", nameof(nonce));
        var forgetAt = requestTime + window + window;
        if (!_seen.TryAdd((asker.Value, System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(nonce)), forgetAt))
            return false;
        if (Interlocked.Increment(ref _insertsSinceSweep) >= SweepEvery)
            Sweep();
        return true;
    }

    public int Count => _seen.Count;

    private void Sweep()
    {
        Interlocked.Exchange(ref _insertsSinceSweep, 0);
        var now = time.GetUtcNow();
        foreach (var entry in _seen)
        {
            if (entry.Value < now)
                _seen.TryRemove(entry);
        }
    }
}
