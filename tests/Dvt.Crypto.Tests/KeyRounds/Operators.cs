using Dvt.Crypto.KeyRounds;
using Dvt.Crypto.ShareEncryption;

namespace Dvt.Crypto.Tests.KeyRounds;

/// <summary>Test operators with share-encryption keys, ids starting at <c>firstId</c>.</summary>
internal sealed class Operators : IDisposable
{
    private readonly Dictionary<ulong, ShareEncryptionKey> _keys = new();

    public Operators(int count, ulong firstId = 1)
    {
        for (var i = 0; i < count; i++)
            _keys[firstId + (ulong)i] = ShareEncryptionKey.Generate();
        Ids = _keys.Keys.ToList();
    }

    public IReadOnlyList<ulong> Ids { get; }

    public ShareEncryptionKey Key(ulong id) => _keys[id];

    public RoundParticipant Participant(ulong id) => new(id, _keys[id].PublicKey);

    public IReadOnlyList<RoundParticipant> Participants(IEnumerable<ulong> ids) => ids.Select(Participant).ToList();

    public static RoundId RoundId(uint round = 1, ulong validator = 7) => new(31337, Enumerable.Range(1, 20).Select(i => (byte)i).ToArray(), validator, round);

    public void Dispose()
    {
        foreach (var k in _keys.Values)
            k.Dispose();
    }
}
