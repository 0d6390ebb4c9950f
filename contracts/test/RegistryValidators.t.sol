// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {DevnetDepositContract} from "../src/DevnetDepositContract.sol";
import {OperatorStatus, ValidatorStatus, ValidatorKind, RoundKind, RoundStatus, RoundInfo} from "../src/DvtTypes.sol";

/// An operator whose owner is a contract that refuses ETH, or re-enters on receipt.
contract ContractOperator {
    IDvtRegistry internal immutable registry;
    bool internal reenter;
    bytes public reentryError;

    constructor(IDvtRegistry registry_) {
        registry = registry_;
    }

    function register(bytes calldata key) external {
        registry.registerOperator(key, "https://contract-operator.example");
    }

    function request() external payable returns (uint64) {
        return registry.requestValidator{value: msg.value}(0, 0, bytes32(0));
    }

    function exitValidator(uint64 id, bool reenter_) external {
        reenter = reenter_;
        registry.requestValidatorExit(id);
    }

    receive() external payable {
        if (!reenter) revert("no ETH please");
        try registry.requestValidatorExit(2) {}
        catch (bytes memory err) {
            reentryError = err;
        }
    }
}

contract RegistryValidatorsTest is RegistryFixture {
    // ------------------------------------------------------------------ request

    function test_soloRequestHoldsFundsAndListsTheOwner() public {
        register(1);
        vm.deal(opAddr(1), 32 ether);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorRequested(1, 1, SOLO, ValidatorKind.Solo, KG_NONE, WC);
        vm.prank(opAddr(1));
        uint64 v = registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, WC);
        assertEq(v, 1, "first validator id");
        (
            uint64 owner,
            uint8 mode,
            ValidatorKind kind,
            ValidatorStatus status,
            uint8 keyGeneration,
            uint32 round,
            bytes32 wc,
            bool funds
        ) = registry.getValidator(v);
        assertEq(owner, 1, "owner");
        assertEq(mode, SOLO, "mode");
        assertEq(uint256(kind), uint256(ValidatorKind.Solo), "kind");
        assertEq(uint256(status), uint256(ValidatorStatus.Requested), "status");
        assertEq(keyGeneration, KG_NONE, "key generation");
        assertEq(round, 0, "no key round for solo");
        assertEq(wc, WC, "withdrawal credentials");
        assertTrue(funds, "funds held");
        assertEq(address(registry).balance, 32 ether, "registry holds 32 ETH");
        uint64[] memory holders = registry.getHolders(v);
        assertEq(holders.length, 1, "one holder");
        assertEq(holders[0], 1, "owner holds");
        (uint64[] memory solo, uint256 total) = registry.validatorsByKind(ValidatorKind.Solo, 0, 10);
        assertEq(total, 1, "solo list");
        assertEq(solo[0], v, "listed");
        (uint64[] memory mine,) = registry.validatorsOfOperator(1, 0, 10);
        assertEq(mine[0], v, "by operator");
        assertEq(registry.validatorCount(), 1, "count");
    }

    function test_dvtRequestPicksDistinctActiveHoldersWithTheOwnerFirst() public {
        registerMany(1, 6);
        startRecordingLogs();
        uint64 v = request(3, M3OF4, KG_SPLIT);
        uint64[] memory holders = registry.getHolders(v);
        assertEq(holders.length, 4, "n holders");
        assertEq(holders[0], 3, "owner has share index 1");
        for (uint256 i = 0; i < 4; ++i) {
            assertEq(uint256(statusOf(holders[i])), uint256(OperatorStatus.Active), "active holder");
            for (uint256 k = 0; k < i; ++k) {
                assertTrue(holders[i] != holders[k], "distinct holders");
            }
        }
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Dvt), "dvt");
        assertEq(vRound(v), 1, "round 1");
        RoundInfo memory r = registry.getRound(v, 1);
        assertEq(uint256(r.kind), uint256(RoundKind.Split), "split");
        assertEq(uint256(r.status), uint256(RoundStatus.Dealing), "dealing");
        assertEq(r.threshold, 3, "t");
        assertEq(r.dealersRequired, 1, "one dealer");
        (uint64[] memory dealers, bool[] memory dealt, uint64[] memory receivers, bool[] memory acked) =
            registry.getRoundMembers(v, 1);
        assertEq(dealers.length, 1, "owner deals");
        assertEq(dealers[0], 3, "owner is the dealer");
        assertFalse(dealt[0], "not dealt yet");
        assertEq(receivers, holders, "receivers are the holders");
        assertEq(acked.length, 4, "ack flags");
        for (uint256 i = 1; i < 4; ++i) {
            (,, uint32 liveOwned, uint32 others, uint256 held) = registry.getOperator(holders[i]);
            assertEq(liveOwned, 0, "not an owner");
            assertEq(others, 1, "one share of another's validator");
            assertEq(held, 1, "listed by operator");
        }
    }

    function test_dkgRequestMakesEveryHolderADealer() public {
        registerMany(1, 4);
        uint64 v = request(1, M3OF4, KG_DKG);
        RoundInfo memory r = registry.getRound(v, 1);
        assertEq(uint256(r.kind), uint256(RoundKind.Dkg), "dkg");
        assertEq(r.dealersRequired, 4, "all deal");
        (uint64[] memory dealers,, uint64[] memory receivers,) = registry.getRoundMembers(v, 1);
        assertEq(dealers, receivers, "dealers = receivers");
    }

    function test_everyModeWithEnoughOperators() public {
        registerMany(1, 13);
        uint8[4] memory modes = [M3OF4, M5OF7, M7OF10, M9OF13];
        uint8[4] memory sizes = [4, 7, 10, 13];
        uint8[4] memory thresholds = [3, 5, 7, 9];
        for (uint256 i = 0; i < 4; ++i) {
            uint64 v = request(uint64(i + 1), modes[i], KG_DKG);
            assertEq(registry.getHolders(v).length, sizes[i], "n holders");
            assertEq(registry.getRound(v, 1).threshold, thresholds[i], "t");
            completeRound(v);
            assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready");
        }
    }

    function test_requestRefusals() public {
        vm.deal(opAddr(9), 100 ether);
        vm.prank(opAddr(9));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAnOperator.selector, opAddr(9)));
        registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, WC);

        register(1);
        vm.deal(opAddr(1), 100 ether);
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidMode.selector, uint8(5)));
        registry.requestValidator{value: 32 ether}(5, KG_NONE, WC);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidKeyGeneration.selector, SOLO, KG_SPLIT));
        registry.requestValidator{value: 32 ether}(SOLO, KG_SPLIT, WC);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidKeyGeneration.selector, M3OF4, KG_NONE));
        registry.requestValidator{value: 32 ether}(M3OF4, KG_NONE, WC);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidKeyGeneration.selector, M3OF4, uint8(3)));
        registry.requestValidator{value: 32 ether}(M3OF4, 3, WC);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValue.selector, 31 ether, 32 ether));
        registry.requestValidator{value: 31 ether}(SOLO, KG_NONE, WC);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValue.selector, 33 ether, 32 ether));
        registry.requestValidator{value: 33 ether}(SOLO, KG_NONE, WC);
        bytes32 bad = bytes32(uint256(0x03) << 248);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidWithdrawalCredentials.selector, bad));
        registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, bad);
        bad = WC | bytes32(uint256(1) << 200); // 0x01 with a non-zero padding byte
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidWithdrawalCredentials.selector, bad));
        registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, bad);
        // 0x00 (BLS) and 0x02 (compounding) credentials are fine.
        registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, keccak256("bls") >> 8);
        registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, bytes32(uint256(0x02) << 248 | 0xdead));
        registry.requestOperatorExit();
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.OperatorNotActive.selector, uint64(1), OperatorStatus.Exited)
        );
        registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, WC);
        vm.stopPrank();
    }

    function testFuzz_requestValidatesEveryArgument(uint8 mode, uint8 keyGeneration, uint96 value, bytes32 wc) public {
        registerMany(1, 4);
        mode = uint8(bound(mode, 0, 6));
        keyGeneration = uint8(bound(keyGeneration, 0, 4));
        value = uint96(bound(value, 0, 64 ether));
        if (uint256(keccak256(abi.encode(wc))) % 2 == 0) value = 32 ether;
        vm.deal(opAddr(1), value);
        bool modeOk = mode <= 4;
        bool kgOk = mode == 0 ? keyGeneration == 0 : (keyGeneration == 1 || keyGeneration == 2);
        bool wcOk =
            wc[0] == 0x00 || ((wc[0] == 0x01 || wc[0] == 0x02) && (uint256(wc) >> 160) & ((uint256(1) << 88) - 1) == 0);
        vm.prank(opAddr(1));
        if (!modeOk) {
            vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidMode.selector, mode));
        } else if (!kgOk) {
            vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidKeyGeneration.selector, mode, keyGeneration));
        } else if (value != 32 ether) {
            vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValue.selector, value, 32 ether));
        } else if (!wcOk) {
            vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidWithdrawalCredentials.selector, wc));
        }
        registry.requestValidator{value: value}(mode, keyGeneration, wc);
        bool ok = modeOk && kgOk && value == 32 ether && wcOk;
        assertEq(registry.validatorCount(), ok ? 1 : 0, "created only when valid");
        assertEq(address(registry).balance, ok ? 32 ether : 0, "funds only when valid");
    }

    // ------------------------------------------------------------------ solo key

    function test_setSoloPublicKey() public {
        register(1);
        uint64 v = request(1, SOLO, KG_NONE);
        bytes memory pk = blsKey(5);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.PublicKeySet(v, pk);
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, pk);
        assertEq(publicKeyOf(v), pk, "stored key");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready");
    }

    function test_setSoloPublicKeyRefusals() public {
        registerMany(1, 4);
        uint64 solo = request(1, SOLO, KG_NONE);
        uint64 dvt = request(1, M3OF4, KG_SPLIT);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(99)));
        registry.setSoloPublicKey(99, blsKey(1));
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, solo, opAddr(2)));
        registry.setSoloPublicKey(solo, blsKey(1));
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorKind.selector, dvt, ValidatorKind.Dvt));
        registry.setSoloPublicKey(dvt, blsKey(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidPublicKey.selector, 47, bytes1(0x80)));
        registry.setSoloPublicKey(solo, abi.encodePacked(bytes1(0x80), new bytes(46)));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidPublicKey.selector, 0, bytes1(0)));
        registry.setSoloPublicKey(solo, "");
        bytes memory uncompressed = blsKey(1);
        uncompressed[0] = 0x12;
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidPublicKey.selector, 48, bytes1(0x12)));
        registry.setSoloPublicKey(solo, uncompressed);
        bytes memory infinity = new bytes(48);
        infinity[0] = 0xc0;
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidPublicKey.selector, 48, bytes1(0xc0)));
        registry.setSoloPublicKey(solo, infinity);
        registry.setSoloPublicKey(solo, blsKey(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, solo, ValidatorStatus.Ready));
        registry.setSoloPublicKey(solo, blsKey(2));
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ deposit

    function test_soloDepositForwards32EthToTheDepositContract() public {
        register(1);
        uint64 v = request(1, SOLO, KG_NONE);
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, blsKey(1));
        bytes memory sig = signature(v);
        bytes32 root = depositRootFor(v, sig);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorDeposited(v, blsKey(1), sig, root);
        vm.expectCall(
            address(depositContract),
            32 ether,
            abi.encodeCall(DevnetDepositContract.deposit, (blsKey(1), abi.encodePacked(WC), sig, root))
        );
        vm.prank(opAddr(1));
        registry.deposit(v, blsKey(1), sig, root);
        assertEq(address(depositContract).balance, 32 ether, "deposit contract funded");
        assertEq(address(registry).balance, 0, "registry empty");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "deposited");
        assertEq(depositContract.get_deposit_count(), hex"0100000000000000", "one deposit");
        (,,,,,,, bool funds) = registry.getValidator(v);
        assertFalse(funds, "funds no longer held");
    }

    function test_dvtDepositByTheOwnerAfterTheRound() public {
        registerMany(1, 5);
        uint64 v = request(1, M3OF4, KG_DKG);
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, v, ValidatorStatus.Requested)
        );
        registry.deposit(v, blsKey(v), signature(1), bytes32(0));
        completeRound(v);
        depositAs(1, v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "deposited");
    }

    function test_depositRefusals() public {
        registerMany(1, 5);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        completeRound(v);
        bytes memory pk = publicKeyOf(v);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(42)));
        registry.deposit(42, pk, signature(1), bytes32(0));
        vm.prank(opAddr(77));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, opAddr(77)));
        registry.deposit(v, pk, signature(1), bytes32(0));
        // A share holder cannot deposit: only the owner risks its 32 ETH on the signature.
        address holderAddr = addrOf(registry.getHolders(v)[1]);
        vm.prank(holderAddr);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, holderAddr));
        registry.deposit(v, pk, signature(1), bytes32(0));
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidSignatureLength.selector, 95));
        registry.deposit(v, pk, new bytes(95), bytes32(0));
        bytes memory sig = signature(v);
        bytes32 root = depositRootFor(v, sig);
        // The key is not stored: the one passed must be the validator's (its hash maps to it), whole.
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorKey.selector, v));
        registry.deposit(v, blsKey(999), sig, root);
        bytes memory cut = new bytes(47);
        for (uint256 i = 0; i < 47; ++i) {
            cut[i] = pk[i];
        }
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorKey.selector, v));
        registry.deposit(v, cut, sig, root);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.DepositDataRootMismatch.selector, ~root, root));
        registry.deposit(v, pk, sig, ~root);
        vm.stopPrank();
        // Another live validator's key is refused too: it maps to that validator, not to v.
        uint64 other = request(2, M3OF4, KG_SPLIT);
        completeRound(other);
        bytes memory otherKey = publicKeyOf(other);
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorKey.selector, v));
        registry.deposit(v, otherKey, sig, root);
        registry.deposit(v, pk, sig, root);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, v, ValidatorStatus.Deposited)
        );
        registry.deposit(v, pk, sig, root);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ exit

    function test_exitBeforeDepositRefundsTheOwner() public {
        registerMany(1, 4);
        uint64 v = request(2, M3OF4, KG_DKG);
        uint64[] memory holders = registry.getHolders(v);
        uint256 before = opAddr(2).balance;
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundAborted(v, 1);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorExitRequested(v);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorExited(v);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.HoldersChanged(v, ValidatorKind.Dvt, new uint64[](0));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorRefunded(v, opAddr(2), 32 ether);
        vm.prank(opAddr(2));
        registry.requestValidatorExit(v);
        assertEq(opAddr(2).balance, before + 32 ether, "refunded");
        assertEq(address(registry).balance, 0, "registry empty");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Exited), "exited");
        assertEq(uint256(registry.getRound(v, 1).status), uint256(RoundStatus.Aborted), "round aborted");
        assertEq(registry.getHolders(v).length, 0, "no holders");
        for (uint256 i = 0; i < holders.length; ++i) {
            (,, uint32 liveOwned, uint32 others, uint256 held) = registry.getOperator(holders[i]);
            assertEq(liveOwned + others + held, 0, "nothing held any more");
        }
    }

    function test_exitAfterDepositWaitsForConfirmation() public {
        registerMany(1, 4);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        completeRound(v);
        depositAs(1, v);
        vm.prank(opAddr(1));
        registry.requestValidatorExit(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.ExitRequested), "exit requested");
        assertEq(registry.getHolders(v).length, 4, "holders keep shares to sign the exit");
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, v, ValidatorStatus.ExitRequested)
        );
        registry.requestValidatorExit(v);
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, opAddr(2)));
        registry.confirmValidatorExit(v);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorExited(v);
        vm.prank(opAddr(1));
        registry.confirmValidatorExit(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Exited), "exited");
        assertEq(registry.getHolders(v).length, 0, "shares deleted");
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, v, ValidatorStatus.Exited));
        registry.confirmValidatorExit(v);
    }

    function test_exitRefusals() public {
        registerMany(1, 2);
        uint64 v = request(1, SOLO, KG_NONE);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(3)));
        registry.requestValidatorExit(3);
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, opAddr(2)));
        registry.requestValidatorExit(v);
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, v, ValidatorStatus.Requested)
        );
        registry.confirmValidatorExit(v);
    }

    function test_refundToAContractThatRefusesEthReverts() public {
        ContractOperator c = new ContractOperator(registry);
        c.register(shareKey(1));
        vm.deal(address(this), 32 ether);
        uint64 v = c.request{value: 32 ether}();
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.RefundFailed.selector, address(c), 32 ether));
        c.exitValidator(v, false);
    }

    function test_reentryDuringARefundIsRefused() public {
        ContractOperator c = new ContractOperator(registry);
        c.register(shareKey(1));
        vm.deal(address(this), 64 ether);
        uint64 v1 = c.request{value: 32 ether}();
        c.request{value: 32 ether}();
        c.exitValidator(v1, true);
        assertEq(c.reentryError(), abi.encodeWithSelector(IDvtRegistryEvents.Reentrancy.selector), "reentry refused");
        assertEq(uint256(vStatus(2)), uint256(ValidatorStatus.Requested), "second validator untouched");
        assertEq(address(c).balance, 32 ether, "one refund");
    }

    // ------------------------------------------------------------------ views

    function test_pagedListsAndUnknowns() public {
        registerMany(1, 4);
        for (uint256 i = 0; i < 5; ++i) {
            request(1, SOLO, KG_NONE);
        }
        (uint64[] memory page, uint256 total) = registry.validatorsByKind(ValidatorKind.Solo, 1, 3);
        assertEq(total, 5, "total");
        assertEq(page.length, 3, "page size");
        assertEq(page[0], 2, "offset 1");
        assertEq(page[2], 4, "last of page");
        (page, total) = registry.validatorsByKind(ValidatorKind.Solo, 4, 10);
        assertEq(page.length, 1, "short last page");
        (page, total) = registry.validatorsByKind(ValidatorKind.Solo, 9, 10);
        assertEq(page.length, 0, "past the end");
        (page, total) = registry.validatorsOfOperator(1, 0, 2);
        assertEq(total, 5, "by operator total");
        assertEq(page.length, 2, "by operator page");
        (page, total) = registry.validatorsByKind(ValidatorKind.Dvt, 0, 10);
        assertEq(total, 0, "no dvt");
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(6)));
        registry.getValidator(6);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(6)));
        registry.publicKeyBlock(6);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(6)));
        registry.getHolders(6);
        assertEq(uint256(registry.getRound(6, 1).status), uint256(RoundStatus.None), "no round");
        assertEq(registry.publicKeyBlock(1), 0, "no key yet");
        assertEq(registry.depositContract(), address(depositContract), "deposit contract");
    }
}
