using Dvt.Consensus.Primitives;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Dvt.Qbft.Messages;

/// <summary>
/// The operators that hold a validator's key shares and so run its duties' consensus: distinct, sorted by id.
/// n = Count, f = floor((n - 1) / 3) faults tolerated, quorum = ceil((n + f + 1) / 2) (2f + 1 when n = 3f + 1).
/// <see cref="Id"/> commits to the members, so an instance of one holder set never counts another's messages.
/// </summary>
public sealed class HolderSet
{
    /// <summary>Upper bound on holders, which bounds justification sizes on the wire.</summary>
    public const int MaxHolders = 64;

    private readonly OperatorId[] _operators;
    private readonly Dictionary<OperatorId, int> _positions;

    public HolderSet(IEnumerable<OperatorId> operators)
    {
        ArgumentNullException.ThrowIfNull(operators);
        _operators = [.. operators.Order()];
        if (_operators.Length == 0)
            throw new ArgumentException("a holder set needs at least one operator", nameof(operators));
        if (_operators.Length > MaxHolders)
            throw new ArgumentException($"a holder set has at most {MaxHolders} operators, got {_operators.Length}", nameof(operators));
        _positions = new Dictionary<OperatorId, int>(_operators.Length);
        for (var i = 0; i < _operators.Length; i++)
        {
            if (!_positions.TryAdd(_operators[i], i))
                throw new ArgumentException($"{_operators[i]} appears twice in the holder set", nameof(operators));
        }
        Faults = (Count - 1) / 3;
        Quorum = (Count + Faults + 2) / 2;
        Span<byte> encoded = stackalloc byte[16 + 8 * _operators.Length];
        "dvt/qbft/holders"u8.CopyTo(encoded);
        for (var i = 0; i < _operators.Length; i++)
            BinaryPrimitives.WriteUInt64BigEndian(encoded[(16 + 8 * i)..], _operators[i].Value);
        Id = new Sha256Digest(SHA256.HashData(encoded));
    }

    public IReadOnlyList<OperatorId> Operators => _operators;

    public int Count => _operators.Length;

    /// <summary>f: the number of Byzantine holders tolerated.</summary>
    public int Faults { get; }

    public int Quorum { get; }

    public Sha256Digest Id { get; }

    public bool Contains(OperatorId operatorId) => _positions.ContainsKey(operatorId);

    /// <summary>
    /// The leader of a round: a rotation over the sorted holders offset by slot and duty, so consecutive rounds
    /// and consecutive slots have different leaders and every holder computes the same one.
    /// </summary>
    public OperatorId LeaderOf(InstanceId instance, uint round)
    {
        var n = (ulong)_operators.Length;
        var position = (instance.Slot.Value % n + (ulong)instance.Duty + round) % n;
        return _operators[(int)position];
    }
}
