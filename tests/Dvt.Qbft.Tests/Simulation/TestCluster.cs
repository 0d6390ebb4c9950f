using Dvt.Consensus.Primitives;
using System.Security.Cryptography;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.RegistryKeys;

namespace Dvt.Qbft.Tests.Simulation;

/// <summary>
/// n operators with real secp256k1 keys (derived from a fixed seed: test keys only), their registered addresses
/// and the holder set; signers and the registry-backed verifier are the production adapter.
/// </summary>
public sealed class TestCluster : IHolderSetDirectory, IDisposable
{
    private readonly Dictionary<OperatorId, Address> _addresses = [];
    private readonly Dictionary<OperatorId, OperatorKeyMessageSigner> _signers = [];
    private readonly List<EthereumPrivateKey> _keys = [];

    public TestCluster(int n, ulong firstOperator = 1)
    {
        var ids = new List<OperatorId>();
        for (var i = 0; i < n; i++)
        {
            var id = new OperatorId(firstOperator + (ulong)i);
            ids.Add(id);
            var key = new EthereumPrivateKey(SHA256.HashData(BitConverter.GetBytes(id.Value + 0x5eed)));
            _keys.Add(key);
            _addresses[id] = key.Address;
            _signers[id] = new OperatorKeyMessageSigner(id, key);
        }
        Holders = new HolderSet(ids);
        Verifier = new RegisteredAddressMessageVerifier(op => _addresses.TryGetValue(op, out var a) ? a : null);
    }

    public HolderSet Holders { get; }

    public RegisteredAddressMessageVerifier Verifier { get; }

    public OperatorKeyMessageSigner SignerOf(OperatorId id) => _signers[id];

    public Address AddressOf(OperatorId id) => _addresses[id];

    public HolderSet? Find(Sha256Digest holderSetId) => holderSetId == Holders.Id ? Holders : null;

    public void Dispose()
    {
        foreach (var signer in _signers.Values)
            signer.Dispose();
        foreach (var key in _keys)
            key.Dispose();
        Verifier.Dispose();
    }
}
