// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {RoundInfo, RoundKind, RoundStatus, FailureReason, ValidatorKind, ValidatorStatus, OperatorStatus} from "../src/DvtTypes.sol";

/// @notice The rules that keep one dishonest operator from capturing or stalling a validator: a live key
/// exists once, holders are drawn later from randomness the requester cannot know (and only among the
/// operators its owner allows), complaints are judged and the member at fault is replaced on restart.
contract RegistryTrustTest is RegistryFixture {
    // ------------------------------------------------------------------ a live key exists once

    function test_aLiveKeyExistsOnce() public {
        registerMany(1, 5);
        bytes memory pk = blsKey(500);
        vm.prank(opAddr(1));
        uint64 first = registry.importValidator(pk, SOLO, WC, 0, 0, 0);
        assertEq(registry.validatorOfPublicKey(pk), first, "indexed by key");
        // Imported again, by its owner or by another operator, in any mode: refused, naming the holder.
        for (uint256 op = 1; op <= 2; ++op) {
            vm.prank(opAddr(op));
            vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.PublicKeyInUse.selector, first));
            registry.importValidator(pk, uint8(op - 1), WC, 0, 0, 0);
        }
        // A solo key set later.
        uint64 solo = request(3, SOLO, KG_NONE);
        vm.prank(opAddr(3));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.PublicKeyInUse.selector, first));
        registry.setSoloPublicKey(solo, pk);
        // A split whose group key is the live key fails, the owner (its only dealer) at fault.
        uint64 v = request(4, M3OF4, KG_SPLIT);
        dealAll(v);
        uint64[] memory holders = registry.getHolders(v);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(addrOf(holders[i]));
            registry.ack(v, 1, pk, bytes32(uint256(1)));
        }
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundFailed(v, 1, FailureReason.PublicKeyInUse, first);
        vm.prank(addrOf(holders[3]));
        registry.ack(v, 1, pk, bytes32(uint256(1)));
        assertEq(registry.publicKeyBlock(v), 0, "no key recorded");
        vm.prank(opAddr(4));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.OwnerAtFault.selector, v));
        registry.restartRound(v);
        // Once the holder exited, the key is free again.
        vm.prank(opAddr(1));
        registry.requestValidatorExit(first);
        vm.prank(opAddr(1));
        registry.confirmValidatorExit(first);
        assertEq(registry.validatorOfPublicKey(pk), 0, "freed");
        vm.prank(opAddr(2));
        uint64 again = registry.importValidator(pk, SOLO, WC, 0, 0, 0);
        assertEq(registry.validatorOfPublicKey(pk), again, "re-imported");
    }

    function test_importPublishesTheSlashingWatermarks() public {
        register(1);
        bytes memory pk = blsKey(501);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorImported(1, 1, pk, 123_456, 3_000, 3_001);
        vm.prank(opAddr(1));
        registry.importValidator(pk, SOLO, WC, 123_456, 3_000, 3_001);
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidWatermarks.selector, uint64(9), uint64(8)));
        registry.importValidator(blsKey(502), SOLO, WC, 0, 9, 8);
    }

    // ------------------------------------------------------------------ the draw

    function test_holdersAreDrawnLaterByAnyone() public {
        registerMany(1, 10);
        vm.deal(opAddr(1), 32 ether);
        vm.prank(opAddr(1));
        uint64 v = registry.requestValidator{value: 32 ether}(M3OF4, KG_SPLIT, WC);
        assertEq(registry.getHolders(v).length, 1, "only the owner until the draw");
        assertEq(vRound(v), 0, "no round yet");
        uint64 due = registry.pendingDraw(v);
        assertEq(due, block.number + 1, "due a block later");
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.DrawNotDue.selector, v, due));
        registry.drawHolders(v);
        vm.roll(due);
        vm.prank(address(0xCAFE)); // anyone
        registry.drawHolders(v);
        assertEq(registry.getHolders(v).length, 4, "drawn");
        assertEq(registry.pendingDraw(v), 0, "no draw pending");
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Dealing), "round open");
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NoDrawPending.selector, v));
        registry.drawHolders(v);
    }

    /// The requester knows everything up to its own block; the holders follow from a later block's prevrandao.
    function test_theRequesterCannotPredictTheHolders() public {
        registerMany(1, 10);
        vm.prevrandao(bytes32(uint256(7))); // fixed at request time
        vm.deal(opAddr(1), 32 ether);
        vm.prank(opAddr(1));
        uint64 v = registry.requestValidator{value: 32 ether}(M3OF4, KG_SPLIT, WC);
        vm.roll(block.number + 1);
        uint256 snapshot = vm.snapshotState();
        uint256 distinct;
        uint64[] memory firstSet;
        for (uint256 r = 0; r < 8; ++r) {
            vm.revertToState(snapshot);
            vm.prevrandao(keccak256(abi.encode("later block", r)));
            registry.drawHolders(v);
            uint64[] memory holders = registry.getHolders(v);
            if (r == 0) firstSet = holders;
            else if (keccak256(abi.encode(holders)) != keccak256(abi.encode(firstSet))) distinct++;
        }
        assertGe(distinct, 5, "the same request gets different holders from different later blocks");
    }

    function test_drawsSpreadEvenly() public {
        registerMany(1, 10);
        uint256[11] memory picked;
        uint256 draws = 90;
        for (uint256 i = 0; i < draws; ++i) {
            vm.prevrandao(keccak256(abi.encode("spread", i)));
            uint64 v = request(1, M3OF4, KG_SPLIT);
            uint64[] memory holders = registry.getHolders(v);
            for (uint256 k = 1; k < holders.length; ++k) {
                picked[holders[k]]++;
            }
        }
        // 270 picks over 9 candidates: 30 each on average; a fair draw stays well inside 12..48.
        for (uint64 op = 2; op <= 10; ++op) {
            assertGe(picked[op], 12, "no candidate starved");
            assertLe(picked[op], 48, "no candidate favoured");
        }
        assertEq(picked[1], 0, "the owner is never drawn twice");
    }

    // ------------------------------------------------------------------ the owner's allow-list

    function test_theAllowListIsHonouredThroughReshares() public {
        registerMany(1, 10);
        uint64[] memory allowed = new uint64[](4);
        for (uint256 i = 0; i < 4; ++i) {
            allowed[i] = uint64(2 + i); // operators 2..5
        }
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.DrawAllowListSet(1, allowed);
        vm.prank(opAddr(1));
        registry.setDrawAllowList(allowed);
        assertEq(registry.drawAllowList(1), allowed, "stored");
        uint64 v;
        for (uint256 i = 0; i < 6; ++i) {
            vm.prevrandao(keccak256(abi.encode("allow", i)));
            v = request(1, M3OF4, KG_SPLIT);
            uint64[] memory holders = registry.getHolders(v);
            for (uint256 k = 1; k < holders.length; ++k) {
                assertTrue(holders[k] >= 2 && holders[k] <= 5, "drawn from the allow-list");
            }
        }
        completeRound(v);
        // A holder leaves: the newcomer is the one allowed operator not yet holding.
        uint64[] memory before = registry.getHolders(v);
        uint64 leaver = before[1];
        vm.prank(addrOf(leaver));
        registry.requestOperatorExit();
        RoundInfo memory r = roundOf(v);
        assertEq(uint256(r.kind), uint256(RoundKind.Reshare), "reshare");
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, vRound(v));
        for (uint256 k = 0; k < receivers.length; ++k) {
            if (receivers[k] != 1) assertTrue(receivers[k] >= 2 && receivers[k] <= 5, "newcomer from the allow-list");
        }
        completeRound(v);
        // Another holder leaves and no allowed operator is left outside the set: back to solo, not to a stranger.
        uint64[] memory now_ = registry.getHolders(v);
        vm.prank(addrOf(now_[2]));
        registry.requestOperatorExit();
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "reverted to solo");
    }

    function test_allowListRefusals() public {
        registerMany(1, 3);
        uint64[] memory list = new uint64[](2);
        list[0] = 2;
        list[1] = 2;
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.DuplicateOperator.selector, uint64(2)));
        registry.setDrawAllowList(list);
        list[1] = 9;
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownOperator.selector, uint64(9)));
        registry.setDrawAllowList(list);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAnOperator.selector, address(this)));
        registry.setDrawAllowList(new uint64[](0));
        uint64[] memory tooLong = new uint64[](65);
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.AllowListTooLong.selector, 65, 64));
        registry.setDrawAllowList(tooLong);
    }

    // ------------------------------------------------------------------ complaints, faults, restarts

    /// A DKG dealer (not the owner) deals a bad escrow; the owner complains; the two other receivers judge
    /// the dealer at fault; the restart replaces it by a drawn operator that was not a holder.
    function test_aBadEscrowIsComplainedAboutAndItsDealerReplaced() public {
        registerMany(1, 10);
        uint64 v = request(1, M3OF4, KG_DKG);
        uint64[] memory holders = registry.getHolders(v);
        uint64 cheat = holders[2];
        deal(cheat, v);
        vm.prank(opAddr(1));
        registry.complain(v, 1, cheat, filled(97, 1));
        (uint64 complainer, uint64 accused,) = registry.getRoundFaults(v, 1);
        assertEq(complainer, 1, "complainer recorded");
        assertEq(accused, cheat, "accused recorded");
        // The parties cannot judge; each judge once.
        vm.prank(addrOf(cheat));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAJudge.selector, v, uint32(1), cheat));
        registry.judgeComplaint(v, 1, false);
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAJudge.selector, v, uint32(1), uint64(1)));
        registry.judgeComplaint(v, 1, false);
        uint64 judgeA = holders[1];
        uint64 judgeB = holders[3];
        vm.prank(addrOf(judgeA));
        registry.judgeComplaint(v, 1, true);
        vm.prank(addrOf(judgeA));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.AlreadyJudged.selector, v, uint32(1), judgeA));
        registry.judgeComplaint(v, 1, true);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.MemberAtFault(v, 1, cheat);
        vm.prank(addrOf(judgeB));
        registry.judgeComplaint(v, 1, true);

        vm.prank(opAddr(1));
        registry.restartRound(v);
        assertFalse(contains(registry.getHolders(v), cheat), "the dealer at fault gave up its place");
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.DrawIsPending.selector, v));
        registry.restartRound(v);
        draw(v);
        uint64[] memory after_ = registry.getHolders(v);
        assertEq(after_.length, 4, "replaced");
        assertFalse(contains(after_, cheat), "not drawn back");
        assertTrue(contains(after_, judgeA) && contains(after_, judgeB) && contains(after_, 1), "the others stay");
        assertEq(vRound(v), 2, "round 2 opened by the draw");
        completeRound(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready");
    }

    /// A complaint that proves nothing fails the complainer: it is replaced, the dealer stays.
    function test_aComplaintThatProvesNothingFailsTheComplainer() public {
        registerMany(1, 10);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        uint64[] memory holders = registry.getHolders(v);
        dealAll(v);
        uint64 liar = holders[3];
        vm.prank(addrOf(liar));
        registry.complain(v, 1, 1, filled(97, 2));
        vm.prank(addrOf(holders[1]));
        registry.judgeComplaint(v, 1, false);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.MemberAtFault(v, 1, liar);
        vm.prank(addrOf(holders[2]));
        registry.judgeComplaint(v, 1, false);
        vm.prank(opAddr(1));
        registry.restartRound(v);
        draw(v);
        assertFalse(contains(registry.getHolders(v), liar), "the complainer is out");
        assertTrue(contains(registry.getHolders(v), 1), "the dealer stays");
    }

    /// A member that stays silent cannot stall a round forever: at expiry it is at fault and replaced.
    function test_aSilentMemberIsReplacedAfterExpiry() public {
        registerMany(1, 10);
        uint64 v = request(1, M3OF4, KG_DKG);
        uint64[] memory holders = registry.getHolders(v);
        uint64 silent = holders[2];
        for (uint256 i = 0; i < 4; ++i) {
            if (holders[i] != silent) deal(holders[i], v);
        }
        vm.warp(block.timestamp + 1 days);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.MemberAtFault(v, 1, silent);
        registry.expireRound(v);
        vm.prank(opAddr(1));
        registry.restartRound(v);
        draw(v);
        assertFalse(contains(registry.getHolders(v), silent), "replaced");
        completeRound(v);
    }

    function test_withoutFaultsARestartKeepsTheMembers() public {
        registerMany(1, 10);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        uint64[] memory holders = registry.getHolders(v);
        dealAll(v);
        vm.prank(addrOf(holders[1]));
        registry.ack(v, 1, blsKey(1), bytes32(uint256(1)));
        vm.prank(addrOf(holders[2]));
        registry.ack(v, 1, blsKey(1), bytes32(uint256(2))); // mismatch: nobody provably at fault
        vm.prank(opAddr(1));
        registry.restartRound(v);
        assertEq(registry.pendingDraw(v), 0, "no draw");
        assertEq(registry.getHolders(v), holders, "same members");
        assertEq(vRound(v), 2, "round 2 at once");
    }

    // ------------------------------------------------------------------ fee recipient

    function test_feeRecipientDefaultsToTheWithdrawalAddressAndTheOwnerSetsIt() public {
        registerMany(1, 2);
        uint64 v = request(1, SOLO, KG_NONE);
        assertEq(registry.feeRecipient(v), address(uint160(uint256(WC))), "default: the withdrawal address");
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.FeeRecipientSet(v, address(0xFEE));
        vm.prank(opAddr(1));
        registry.setFeeRecipient(v, address(0xFEE));
        assertEq(registry.feeRecipient(v), address(0xFEE), "set");
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, opAddr(2)));
        registry.setFeeRecipient(v, address(0xBAD));
        vm.prank(opAddr(1));
        registry.setFeeRecipient(v, address(0));
        assertEq(registry.feeRecipient(v), address(uint160(uint256(WC))), "back to the default");
        // 0x00 credentials name no address: the owner's.
        vm.deal(opAddr(2), 32 ether);
        vm.prank(opAddr(2));
        uint64 bls = registry.requestValidator{value: 32 ether}(SOLO, KG_NONE, bytes32(uint256(5)));
        assertEq(registry.feeRecipient(bls), opAddr(2), "0x00 credentials: the owner's address");
    }

    // ------------------------------------------------------------------ operator maintenance

    function test_anOperatorUpdatesItsEndpointAndRotatesItsKeyInPlace() public {
        registerMany(1, 4);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        completeRound(v);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorEndpointUpdated(2, "https://moved.example:9000");
        vm.prank(opAddr(2));
        registry.updateOperatorEndpoint("https://moved.example:9000");
        bytes memory newKey = abi.encodePacked(bytes1(0x03), keccak256("rotated"));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ShareEncryptionKeyRotated(2, newKey);
        vm.prank(opAddr(2));
        registry.rotateShareEncryptionKey(newKey);
        // Both facts are in the events only (checked above): the registry keeps neither in state.
        assertEq(uint256(statusOf(2)), uint256(OperatorStatus.Active), "still active");
        assertEq(registry.getHolders(v).length, 4, "still holding: no exit");
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEndpoint.selector, 0));
        registry.updateOperatorEndpoint("");
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidShareEncryptionKey.selector, 33, bytes1(0x04)));
        registry.rotateShareEncryptionKey(abi.encodePacked(bytes1(0x04), bytes32(0)));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAnOperator.selector, address(this)));
        registry.updateOperatorEndpoint("https://x.example");
    }
}
