using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Follower;
using Dvt.ContractBindings.Rpc;
using Dvt.TestSupport;

namespace Dvt.ContractBindings.Tests;

/// <summary>The generated DvtRegistry bindings against the real contract on anvil, with the follower watching its events.</summary>
public sealed class RegistryBindingsTests(AnvilProcess anvil) : AnvilSnapshotTests(anvil)
{
    private const byte Solo = 0, ThreeOfFour = 1, NineOfThirteen = 4;
    private const byte KeyNone = 0, KeySplit = 1;
    private const byte KindDvt = 1;
    private static readonly UInt256 DepositAmount = UInt256.Ether(32);
    private readonly string folder = Directory.CreateTempSubdirectory("dvt-registry-").FullName;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static byte[] Bytes(int length, byte first, byte fill)
    {
        var bytes = Enumerable.Repeat(fill, length).ToArray();
        bytes[0] = first;
        return bytes;
    }

    private static Hash32 Credentials(Address to)
    {
        var wc = new byte[32];
        wc[0] = 0x01;
        to.Bytes.CopyTo(wc.AsSpan(12));
        return new Hash32(wc);
    }

    private async Task<(DvtRegistryContract[] Operators, DevnetDepositContract Deposit, BlockNumber Deployed)> DeployAsync(int operators)
    {
        var deployer = await TestChain.SenderAsync(Rpc, 0);
        var deployed = await Rpc.BlockNumberAsync();
        var deposit = await DevnetDepositContract.DeployAsync(deployer);
        var registry = await DvtRegistryContract.DeployAsync(deployer, deposit.Address);
        var bound = new DvtRegistryContract[operators];
        for (var i = 0; i < operators; i++)
            bound[i] = new DvtRegistryContract(registry.Address, Rpc, await TestChain.SenderAsync(Rpc, i));
        return (bound, deposit, deployed);
    }

    [Fact]
    public async Task Every_function_through_the_typed_bindings_with_events_seen_by_the_follower()
    {
        var (ops, deposit, deployed) = await DeployAsync(operators: 5);
        var registry = ops[0];
        Assert.Equal(deposit.Address, await registry.DepositContractAsync());

        // Operators 1..5.
        for (var i = 0; i < ops.Length; i++)
        {
            var key = Bytes(33, 0x02, (byte)(i + 1));
            Assert.Equal((ulong)(i + 1), await ops[i].SimulateRegisterOperatorAsync(key, $"https://op{i + 1}.example"));
            Assert.True((await ops[i].RegisterOperatorAsync(key, $"https://op{i + 1}.example")).Succeeded);
        }
        Assert.Equal(5UL, await registry.OperatorCountAsync());
        Assert.Equal(new UInt256(5), await registry.ActiveOperatorCountAsync());
        Assert.Equal([1UL, 2, 3, 4, 5], (await registry.ActiveOperatorsAsync()).Order().ToArray());
        Assert.Equal(3UL, await registry.OperatorIdOfAsync(ops[2].Sender!.Address));
        var op2 = await registry.GetOperatorAsync(2);
        Assert.Equal(ops[1].Sender!.Address, op2.Owner);
        Assert.Equal(1, op2.Status);
        // The key and the endpoint are in the registration event only.
        var registered = (await Rpc.GetLogsAsync(new LogFilter([registry.Address], [[DvtRegistryContract.OperatorRegisteredEvent.Topic0]]),
                deployed, await Rpc.BlockNumberAsync()))
            .Select(DvtRegistryContract.OperatorRegisteredEvent.Decode).Single(e => e.OperatorId == 2);
        Assert.Equal("https://op2.example", registered.Endpoint);
        Assert.Equal(Bytes(33, 0x02, 2), registered.ShareEncryptionKey);
        var again = await Assert.ThrowsAsync<DvtRegistryContract.AlreadyRegisteredException>(() => ops[0].RegisterOperatorAsync(Bytes(33, 0x03, 9), "x"));
        Assert.Equal(1UL, again.OperatorId);
        Assert.Equal(ops[0].Sender!.Address, again.Owner);
        var parameters = await registry.ModeParametersAsync(ThreeOfFour);
        Assert.Equal((3, 4), (parameters.Threshold, parameters.Size));
        Assert.Equal(9, (await Assert.ThrowsAsync<DvtRegistryContract.InvalidModeException>(() => registry.ModeParametersAsync(9))).Mode);

        // A solo validator: key, deposit through the registry into the deposit contract, exit.
        var wc = Credentials(ops[0].Sender!.Address);
        var wrongValue = await Assert.ThrowsAsync<DvtRegistryContract.WrongValueException>(() => registry.RequestValidatorAsync(Solo, KeyNone, wc, UInt256.Ether(1)));
        Assert.Equal(DepositAmount, wrongValue.Required);
        Assert.Equal(1UL, await registry.SimulateRequestValidatorAsync(Solo, KeyNone, wc, DepositAmount));
        await registry.RequestValidatorAsync(Solo, KeyNone, wc, DepositAmount);
        var publicKey = Bytes(48, 0xa5, 0x11);
        await registry.SetSoloPublicKeyAsync(1, publicKey);
        var solo = await registry.GetValidatorAsync(1);
        Assert.Equal((1UL, Solo, (byte)2, true), (solo.OwnerOperatorId, solo.Mode, solo.Status, solo.FundsHeld));
        // The key is in PublicKeySet only: publicKeyBlock names the block, the binding reads that block's log.
        var soloKey = await registry.GetValidatorKeyAsync(1);
        Assert.Equal(publicKey, soloKey.PublicKey);
        Assert.Equal(soloKey.SetAtBlock, await registry.PublicKeyBlockAsync(1));
        Assert.NotEqual(0UL, soloKey.SetAtBlock);
        var signature = Bytes(96, 0xb0, 0x22);
        var amount = new byte[] { 0x00, 0x40, 0x59, 0x73, 0x07, 0x00, 0x00, 0x00 }; // 32e9 gwei, little-endian
        var root = await deposit.DepositDataRootAsync(publicKey, wc.ToArray(), amount, signature);
        // deposit takes the key, checked against the registry's hash index of it.
        var wrongKey = await Assert.ThrowsAsync<DvtRegistryContract.NotValidatorKeyException>(
            () => registry.DepositAsync(1, Bytes(48, 0xa6, 0x12), signature, root));
        Assert.Equal(1UL, wrongKey.ValidatorId);
        await registry.DepositAsync(1, publicKey, signature, root);
        Assert.Equal(3, (await registry.GetValidatorAsync(1)).Status);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, await deposit.GetDepositCountAsync());
        Assert.NotEqual(Hash32.Zero, await deposit.GetDepositRootAsync());
        Assert.True(await deposit.SupportsInterfaceAsync([0x01, 0xff, 0xc9, 0xa7]));
        await registry.RequestValidatorExitAsync(1);
        await registry.ConfirmValidatorExitAsync(1);
        Assert.Equal(5, (await registry.GetValidatorAsync(1)).Status);

        // A 3-of-4 validator whose key the owner splits: deal, four acks, completed.
        await registry.RequestValidatorAsync(ThreeOfFour, KeySplit, wc, DepositAmount);
        Assert.NotEqual(0UL, await registry.PendingDrawAsync(2));
        await registry.DrawHoldersAsync(2); // due from the next block: Anvil mines one per transaction
        var v2 = await registry.GetValidatorAsync(2);
        Assert.Equal(KindDvt, v2.Kind);
        var round = await registry.GetRoundAsync(2, v2.CurrentRound);
        Assert.Equal((1, 1, 3), (round.Kind, round.Status, round.Threshold));
        var members = await registry.GetRoundMembersAsync(2, v2.CurrentRound);
        Assert.Equal([1UL], members.Dealers);
        Assert.Equal(4, members.Receivers.Length);
        var commitments = Bytes(48 * 3, 0x91, 0x33);
        var shares = Bytes(33 + 60 * 4, 0x02, 0x44);
        await registry.SubmitDealAsync(2, v2.CurrentRound, commitments, shares);
        // The deal is in DealSubmitted only (no stored hash).
        var dealLogs = await registry.Rpc.GetLogsAsync(new LogFilter([registry.Address], [[DvtRegistryContract.DealSubmittedEvent.Topic0]]),
            new BlockNumber(0), await registry.Rpc.BlockNumberAsync());
        var dealt = DvtRegistryContract.DealSubmittedEvent.Decode(Assert.Single(dealLogs));
        Assert.Equal((2UL, v2.CurrentRound, 1UL), (dealt.ValidatorId, dealt.Round, dealt.DealerId));
        Assert.Equal(commitments, dealt.Commitments);
        Assert.Equal(shares, dealt.EncryptedShares);
        Assert.Equal(1, (await registry.GetRoundAsync(2, v2.CurrentRound)).DealtCount);
        var groupKey = Bytes(48, 0x8f, 0x55);
        var sharesHash = Keccak256.HashToHash32("public shares"u8);
        foreach (var receiver in members.Receivers)
            await ops[receiver - 1].AckAsync(2, v2.CurrentRound, groupKey, sharesHash);
        Assert.Equal(3, (await registry.GetRoundAsync(2, v2.CurrentRound)).Status);
        Assert.Equal(members.Receivers, await registry.GetHoldersAsync(2));
        Assert.Equal(groupKey, (await registry.GetValidatorKeyAsync(2)).PublicKey);
        // Many keys at once, one batch; a validator without a key (0) needs no call.
        var many = await registry.ReadPublicKeysAsync([(1UL, soloKey.SetAtBlock), (2UL, await registry.PublicKeyBlockAsync(2)), (99UL, 0UL)]);
        Assert.Equal(publicKey, many[1].PublicKey);
        Assert.Equal(groupKey, many[2].PublicKey);
        Assert.Empty(many[99].PublicKey);
        // A block that does not carry the validator's PublicKeySet is refused, naming both.
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => registry.ReadPublicKeysAsync([(2UL, soloKey.SetAtBlock)]));
        Assert.Contains($"validator 2: the registry says its key was set in block {soloKey.SetAtBlock}", missing.Message, StringComparison.Ordinal);
        var dvt = await registry.ValidatorsByKindAsync(KindDvt, 0, 10);
        Assert.Equal([2UL], dvt.Ids);
        Assert.Equal(new UInt256(1), dvt.Total);
        Assert.Contains(2UL, (await registry.ValidatorsOfOperatorAsync(members.Receivers[1], 0, 10)).Ids);

        // A failed round: a receiver complains, the owner restarts, then converts to solo (the open round aborts).
        await registry.RequestValidatorAsync(ThreeOfFour, KeySplit, wc, DepositAmount);
        await registry.DrawHoldersAsync(3);
        var v3 = await registry.GetValidatorAsync(3);
        await registry.SubmitDealAsync(3, v3.CurrentRound, commitments, shares);
        var complainer = (await registry.GetRoundMembersAsync(3, v3.CurrentRound)).Receivers.First(r => r != 1);
        await ops[complainer - 1].ComplainAsync(3, v3.CurrentRound, 1, Bytes(33 + 64, 0x02, 0x66));
        Assert.Equal(4, (await registry.GetRoundAsync(3, v3.CurrentRound)).Status);
        Assert.Equal(v3.CurrentRound + 1, await registry.SimulateRestartRoundAsync(3));
        await registry.RestartRoundAsync(3);
        await registry.ConvertToSoloAsync(3);
        Assert.Equal(0, (await registry.GetValidatorAsync(3)).Kind);
        await registry.ConvertToDvtAsync(3, ThreeOfFour);
        Assert.Equal(KindDvt, (await registry.GetValidatorAsync(3)).Kind);

        // A staged validator: 13 operators are needed, 5 are active.
        await registry.RequestValidatorAsync(NineOfThirteen, KeySplit, wc, DepositAmount);
        var notEnough = await Assert.ThrowsAsync<DvtRegistryContract.NotEnoughOperatorsException>(() => registry.PromoteStagedAsync(4));
        Assert.Equal((new UInt256(5), new UInt256(13)), (notEnough.Active, notEnough.Needed));

        // An operator leaves; its duties are processed step by step.
        var leaving = ops[4];
        await leaving.RequestOperatorExitAsync();
        Assert.InRange((await registry.GetOperatorAsync(5)).Status, 2, 3); // exiting, or exited at once if the draws left it no share
        if ((await registry.GetOperatorAsync(5)).Status == 2)
            await registry.ProcessOperatorExitAsync(5, 100);
        Assert.NotEqual(1, (await registry.GetOperatorAsync(5)).Status);

        // The follower saw it all, decoded into typed events.
        var handler = new RecordingHandler();
        await using var store = await SqliteCursorStore.OpenAsync(Path.Combine(folder, "registry.db"), "registry");
        var follower = new LogFollower(Rpc, new LogFilter([registry.Address]), store, handler, DvtRegistryContract.DecodeEvent,
            new LogFollowerOptions { Confirmations = 0, StartBlock = deployed, MaxBlockRange = 16 });
        await follower.CatchUpAsync();
        var events = handler.Logs.Select(l => l.Event).ToList();
        Assert.DoesNotContain(null, events);
        Assert.Equal(5, events.OfType<DvtRegistryContract.OperatorRegisteredEvent>().Count());
        Assert.Equal("https://op3.example", events.OfType<DvtRegistryContract.OperatorRegisteredEvent>().Single(e => e.OperatorId == 3).Endpoint);
        Assert.Equal(4, events.OfType<DvtRegistryContract.ValidatorRequestedEvent>().Count());
        var deal = events.OfType<DvtRegistryContract.DealSubmittedEvent>().First();
        Assert.Equal((2UL, 1UL), (deal.ValidatorId, deal.DealerId));
        Assert.Equal(commitments, deal.Commitments);
        Assert.Equal(shares, deal.EncryptedShares);
        Assert.Equal(4, events.OfType<DvtRegistryContract.AckedEvent>().Count(e => e.ValidatorId == 2));
        Assert.Single(events.OfType<DvtRegistryContract.RoundCompletedEvent>(), e => e.ValidatorId == 2 && e.GroupPublicKey.SequenceEqual(groupKey));
        Assert.Single(events.OfType<DvtRegistryContract.ComplainedEvent>());
        Assert.Contains(events.OfType<DvtRegistryContract.RoundFailedEvent>(), e => e.ValidatorId == 3);
        Assert.Contains(events.OfType<DvtRegistryContract.RoundAbortedEvent>(), e => e.ValidatorId == 3);
        Assert.Single(events.OfType<DvtRegistryContract.ValidatorDepositedEvent>(), e => e.DepositDataRoot == root);
        Assert.Single(events.OfType<DvtRegistryContract.ValidatorExitedEvent>(), e => e.ValidatorId == 1);
        Assert.Single(events.OfType<DvtRegistryContract.OperatorExitRequestedEvent>());
        Assert.Contains(events, e => e is DvtRegistryContract.ValidatorConvertedToSoloEvent { ValidatorId: 3 });
        Assert.Contains(events, e => e is DvtRegistryContract.ValidatorConvertedToDvtEvent { ValidatorId: 3 });
        Assert.Contains(events, e => e is DvtRegistryContract.HoldersChangedEvent { ValidatorId: 2 });
        Assert.All(handler.Logs, l => Assert.Equal(l.Log, ((IContractEvent)l.Event!).Log));

        // A reorg drops the last block (an operator registration): the follower rolls back, then sees it again.
        var extra = new DvtRegistryContract(registry.Address, Rpc, await TestChain.SenderAsync(Rpc, 7));
        var receipt = await extra.RegisterOperatorAsync(Bytes(33, 0x03, 0x77), "https://op6.example");
        await follower.CatchUpAsync();
        Assert.Contains(handler.Logs, l => l.BlockHash == receipt.BlockHash);
        await Rpc.ReorgAsync(1);
        await follower.CatchUpAsync();
        Assert.DoesNotContain(handler.Logs, l => l.BlockHash == receipt.BlockHash);
        Assert.DoesNotContain(handler.Logs, l => l.Event is DvtRegistryContract.OperatorRegisteredEvent { OperatorId: 6 });
        // The dropped transaction is gone from the chain and the pool: the sender's cached nonce is one too high.
        await extra.Sender!.ResyncNonceAsync();
        var replay = await extra.RegisterOperatorAsync(Bytes(33, 0x03, 0x77), "https://op6.example");
        await follower.CatchUpAsync();
        Assert.Single(handler.Logs, l => l.Event is DvtRegistryContract.OperatorRegisteredEvent { OperatorId: 6 } && l.BlockHash == replay.BlockHash);
    }

    [Fact]
    public async Task Reverts_from_views_and_transactions_become_typed_exceptions()
    {
        var (ops, _, _) = await DeployAsync(operators: 1);
        var unknown = await Assert.ThrowsAsync<DvtRegistryContract.UnknownOperatorException>(() => ops[0].GetOperatorAsync(42));
        Assert.Equal(42UL, unknown.OperatorId);
        var notOperator = await Assert.ThrowsAsync<DvtRegistryContract.NotAnOperatorException>(() => ops[0].RequestOperatorExitAsync());
        Assert.Equal(ops[0].Sender!.Address, notOperator.Caller);
        var badKey = await Assert.ThrowsAsync<DvtRegistryContract.InvalidShareEncryptionKeyException>(() => ops[0].RegisterOperatorAsync(Bytes(33, 0x04, 1), "e"));
        Assert.Equal(new byte[] { 0x04 }, badKey.Prefix);
        var readOnly = new DvtRegistryContract(ops[0].Address, Rpc);
        await Assert.ThrowsAsync<InvalidOperationException>(() => readOnly.RequestOperatorExitAsync());
    }
}
