using System.Security.Cryptography;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Signing;
using Dvt.Duties.Consensus;
using Dvt.Duties.Decided;
using Dvt.Qbft.Engine;
using Dvt.Qbft.Messages;
using Dvt.Qbft.RegistryKeys;

namespace Dvt.Duties.Tests;

public sealed class QbftDutyConsensusTests
{
    private sealed class Directory(HolderSet holders) : IHolderSetDirectory
    {
        public HolderSet? Find(Sha256Digest id) => id == holders.Id ? holders : null;
    }

    private sealed class SlotMatches : IValueValidator
    {
        public ValueJudgement Judge(InstanceId instance, ReadOnlySpan<byte> value) =>
            DutyDataCodec.Decode(instance, value).ByValidator.Count > 0 ? ValueJudgement.Valid : new ValueJudgement.Refused("no validators");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Four_holders_with_different_beacon_data_decide_one_value_even_with_one_down(int down)
    {
        var ids = Enumerable.Range(1, 4).Select(i => new OperatorId((ulong)i)).ToArray();
        var keys = ids.Select(id => new EthereumPrivateKey(SHA256.HashData(BitConverter.GetBytes(id.Value)))).ToArray();
        var addresses = ids.Zip(keys).ToDictionary(p => p.First, p => p.Second.Address);
        var holders = new HolderSet(ids);
        var stages = new Dictionary<OperatorId, QbftDutyConsensus>();
        var stores = new Dictionary<OperatorId, DecidedDutyStore>();
        var offline = new HashSet<OperatorId>(ids.Take(down));
        var options = new QbftOptions { RoundTimeoutBase = TimeSpan.FromMilliseconds(400), RoundTimeoutIncrement = TimeSpan.FromMilliseconds(200) };
        var disposables = new List<IDisposable>();
        foreach (var (id, key) in ids.Zip(keys))
        {
            var signer = new OperatorKeyMessageSigner(id, key);
            var verifier = new RegisteredAddressMessageVerifier(op => addresses.TryGetValue(op, out var a) ? a : null);
            disposables.AddRange([signer, verifier, key]);
            var engine = new QbftEngine(signer, verifier, new SlotMatches(), new Directory(holders), new TimeProviderClock(TimeProvider.System), options);
            var stage = new QbftDutyConsensus(engine, new InProcessConsensusTransport(id, stages, offline));
            stages[id] = stage;
            stores[id] = new DecidedDutyStore();
            stage.Subscribe(stores[id].StoreAsync);
        }
        var duty = new InstanceId(holders.Id, DutyType.Attester, new Slot(77));
        var validator = new BlsPublicKeyBytes(Enumerable.Repeat((byte)0xa1, 48).ToArray());
        foreach (var (id, stage) in stages.Where(s => !offline.Contains(s.Key)))
        {
            // Each holder's own beacon node saw a different head.
            var data = new DutyData(duty, new Dictionary<BlsPublicKeyBytes, byte[]> { [validator] = [0xda, (byte)id.Value] });
            await stage.ProposeAsync(data, CancellationToken.None);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var decided = await Task.WhenAll(stores.Where(s => !offline.Contains(s.Key)).Select(s => s.Value.AwaitAsync(duty, timeout.Token)));
        var values = decided.Select(d => Convert.ToHexString(d.ByValidator[validator])).Distinct().ToArray();
        Assert.Single(values);
        Assert.StartsWith("DA0", values[0]);
        foreach (var stage in stages.Values)
            await stage.DisposeAsync();
        foreach (var d in disposables)
            d.Dispose();
    }
}
