// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {ValidatorStatus, RoundKind, RoundStatus, RoundInfo, FailureReason} from "../src/DvtTypes.sol";

contract RegistryRoundsTest is RegistryFixture {
    uint64 internal v;
    uint64[] internal holders;

    function setUp() public override {
        super.setUp();
        registerMany(1, 5);
    }

    function start(uint8 keyGeneration) internal {
        v = request(1, M3OF4, keyGeneration);
        holders = registry.getHolders(v);
    }

    function outsider() internal view returns (uint64) {
        for (uint64 op = 1; op <= 5; ++op) {
            if (!contains(holders, op)) return op;
        }
        revert("no outsider");
    }

    // ------------------------------------------------------------------ deals

    function test_splitDealIsEmittedAndClosesDealing() public {
        start(KG_SPLIT);
        bytes memory c = commitmentsFor(3, 1);
        bytes memory s = sharesFor(4, false, 1);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.DealSubmitted(v, 1, 1, c, s);
        uint64[] memory used = new uint64[](1);
        used[0] = 1;
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.DealingClosed(v, 1, used);
        vm.prank(opAddr(1));
        registry.submitDeal(v, 1, c, s); // the deal itself: in DealSubmitted only (expected above)
        RoundInfo memory r = registry.getRound(v, 1);
        assertEq(uint256(r.status), uint256(RoundStatus.Acking), "acking");
        assertEq(r.dealtCount, 1, "dealt");
        (, bool[] memory dealt,,) = registry.getRoundMembers(v, 1);
        assertTrue(dealt[0], "dealt flag");
    }

    function test_dkgNeedsEveryDealerAndAnEscrowCiphertext() public {
        start(KG_DKG);
        vm.prank(addrOf(holders[1]));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEncryptedSharesLength.selector, 33 + 240, 33 + 300));
        registry.submitDeal(v, 1, commitmentsFor(3, 1), sharesFor(4, false, 1));
        for (uint256 i = 0; i < 3; ++i) {
            deal(holders[i], v);
        }
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Dealing), "still dealing");
        address again = addrOf(holders[0]);
        vm.prank(again);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.AlreadyDealt.selector, v, uint32(1), holders[0]));
        registry.submitDeal(v, 1, commitmentsFor(3, 1), sharesFor(4, true, 1));
        deal(holders[3], v);
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Acking), "acking");
    }

    function test_dealRefusals() public {
        start(KG_SPLIT);
        bytes memory c = commitmentsFor(3, 1);
        bytes memory s = sharesFor(4, false, 1);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(9)));
        registry.submitDeal(9, 1, c, s);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotCurrentRound.selector, v, uint32(2), uint32(1)));
        registry.submitDeal(v, 2, c, s);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotCurrentRound.selector, v, uint32(0), uint32(1)));
        registry.submitDeal(v, 0, c, s);
        vm.prank(opAddr(99));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAnOperator.selector, opAddr(99)));
        registry.submitDeal(v, 1, c, s);
        address h2 = addrOf(holders[1]);
        vm.prank(h2);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotDealer.selector, v, uint32(1), holders[1]));
        registry.submitDeal(v, 1, c, s);
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidCommitmentsLength.selector, 96, 144));
        registry.submitDeal(v, 1, commitmentsFor(2, 1), s);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEncryptedSharesLength.selector, 33 + 300, 33 + 240));
        registry.submitDeal(v, 1, c, sharesFor(4, true, 1));
        registry.submitDeal(v, 1, c, s);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Acking)
        );
        registry.submitDeal(v, 1, c, s);
        vm.stopPrank();
    }

    function testFuzz_dealLengthsAreExact(uint16 commitmentsLength, uint16 sharesLength) public {
        start(KG_SPLIT);
        commitmentsLength = uint16(bound(commitmentsLength, 0, 400));
        sharesLength = uint16(bound(sharesLength, 0, 600));
        vm.prank(opAddr(1));
        if (commitmentsLength != 144) {
            vm.expectRevert(
                abi.encodeWithSelector(IDvtRegistryEvents.InvalidCommitmentsLength.selector, commitmentsLength, 144)
            );
        } else if (sharesLength != 273) {
            vm.expectRevert(
                abi.encodeWithSelector(IDvtRegistryEvents.InvalidEncryptedSharesLength.selector, sharesLength, 273)
            );
        }
        registry.submitDeal(v, 1, new bytes(commitmentsLength), new bytes(sharesLength));
        bool ok = commitmentsLength == 144 && sharesLength == 273;
        assertEq(uint256(roundOf(v).status), uint256(ok ? RoundStatus.Acking : RoundStatus.Dealing), "status");
    }

    // ------------------------------------------------------------------ acks

    function test_allAcksCompleteTheRoundAndSetTheKey() public {
        start(KG_SPLIT);
        dealAll(v);
        bytes memory pk = blsKey(3);
        bytes32 psh = keccak256("public shares");
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(addrOf(holders[i]));
            registry.ack(v, 1, pk, psh);
        }
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Requested), "not yet");
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.Acked(v, 1, holders[3], pk, psh);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.PublicKeySet(v, pk);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundCompleted(v, 1, pk, psh);
        vm.prank(addrOf(holders[3]));
        registry.ack(v, 1, pk, psh);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready");
        // The key and the public shares' hash are in the events above; state keeps the key's block and index.
        assertEq(registry.publicKeyBlock(v), block.number, "the block of PublicKeySet");
        assertEq(registry.validatorOfPublicKey(pk), v, "the key maps to the validator");
        assertEq(publicKeyOf(v), pk, "group key (PublicKeySet)");
        RoundInfo memory r = registry.getRound(v, 1);
        assertEq(uint256(r.status), uint256(RoundStatus.Completed), "completed");
        assertEq(r.ackCount, 4, "acks");
        assertEq(r.ackDigest, keccak256(abi.encodePacked(pk, psh)), "digest");
        (,,, bool[] memory acked) = registry.getRoundMembers(v, 1);
        for (uint256 i = 0; i < 4; ++i) {
            assertTrue(acked[i], "acked flag");
        }
    }

    function test_aMismatchingAckFailsTheRound() public {
        start(KG_SPLIT);
        dealAll(v);
        vm.prank(addrOf(holders[0]));
        registry.ack(v, 1, blsKey(1), bytes32(uint256(1)));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundFailed(v, 1, FailureReason.AckMismatch, holders[1]);
        vm.prank(addrOf(holders[1]));
        registry.ack(v, 1, blsKey(1), bytes32(uint256(2)));
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Failed), "failed");
        address h3 = addrOf(holders[2]);
        vm.prank(h3);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Failed)
        );
        registry.ack(v, 1, blsKey(1), bytes32(uint256(1)));
    }

    function test_ackRefusals() public {
        start(KG_SPLIT);
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Dealing)
        );
        registry.ack(v, 1, blsKey(1), bytes32(0));
        dealAll(v);
        address out = addrOf(outsider());
        vm.prank(out);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotReceiver.selector, v, uint32(1), outsider()));
        registry.ack(v, 1, blsKey(1), bytes32(0));
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidGroupPublicKeyLength.selector, 47));
        registry.ack(v, 1, new bytes(47), bytes32(0));
        registry.ack(v, 1, blsKey(1), bytes32(0));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.AlreadyAcked.selector, v, uint32(1), uint64(1)));
        registry.ack(v, 1, blsKey(1), bytes32(0));
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ complaints

    function test_aComplaintFailsTheRound() public {
        start(KG_DKG);
        deal(holders[0], v);
        bytes memory evidence = filled(97, 5);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.Complained(v, 1, holders[2], holders[0], evidence);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundFailed(v, 1, FailureReason.Complaint, holders[0]);
        vm.prank(addrOf(holders[2]));
        registry.complain(v, 1, holders[0], evidence);
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Failed), "failed");
    }

    function test_complaintRefusals() public {
        start(KG_DKG);
        deal(holders[0], v);
        bytes memory evidence = filled(97, 5);
        address out = addrOf(outsider());
        vm.prank(out);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotReceiver.selector, v, uint32(1), outsider()));
        registry.complain(v, 1, holders[0], evidence);
        vm.startPrank(addrOf(holders[1]));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotDealer.selector, v, uint32(1), outsider()));
        registry.complain(v, 1, outsider(), evidence);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.DealerHasNotDealt.selector, v, uint32(1), holders[2]));
        registry.complain(v, 1, holders[2], evidence);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidEvidenceLength.selector, 96, 97));
        registry.complain(v, 1, holders[0], new bytes(96));
        vm.stopPrank();
        for (uint256 i = 1; i < 4; ++i) {
            deal(holders[i], v);
        }
        vm.prank(addrOf(holders[1]));
        registry.ack(v, 1, blsKey(1), bytes32(0));
        vm.prank(addrOf(holders[1]));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.AlreadyAcked.selector, v, uint32(1), holders[1]));
        registry.complain(v, 1, holders[0], evidence);
        for (uint256 i = 0; i < 4; ++i) {
            if (i == 1) continue;
            vm.prank(addrOf(holders[i]));
            registry.ack(v, 1, blsKey(1), bytes32(0));
        }
        vm.prank(addrOf(holders[2]));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Completed)
        );
        registry.complain(v, 1, holders[0], evidence);
    }

    // ------------------------------------------------------------------ restart

    function test_theOwnerRestartsAFailedRoundWithTheSameMembers() public {
        start(KG_DKG);
        deal(holders[0], v);
        vm.prank(addrOf(holders[1]));
        registry.complain(v, 1, holders[0], filled(97, 1));
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundStarted(v, 2, RoundKind.Dkg, 3, 0, holders, holders);
        vm.prank(opAddr(1));
        uint32 round = registry.restartRound(v);
        assertEq(round, 2, "round 2");
        assertEq(vRound(v), 2, "current round");
        RoundInfo memory r = registry.getRound(v, 2);
        assertEq(uint256(r.kind), uint256(RoundKind.Dkg), "same kind");
        assertEq(r.dealtCount, 0, "fresh");
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotCurrentRound.selector, v, uint32(1), uint32(2)));
        registry.ack(v, 1, blsKey(1), bytes32(0));
        completeRound(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready after the restart");
    }

    function test_aStalledRoundExpiresAfterADayAndCanBeRestarted() public {
        vm.warp(1_000_000);
        start(KG_DKG);
        assertEq(registry.roundDeadline(v, 1), 1_000_000 + 1 days, "deadline");
        assertEq(registry.roundDeadline(v, 2), 0, "no such round");
        deal(holders[0], v); // the others stay silent
        vm.warp(1_000_000 + 1 days - 1);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.RoundNotExpired.selector, v, uint32(1), 1_000_000 + 1 days));
        registry.expireRound(v);
        vm.warp(1_000_000 + 1 days);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundFailed(v, 1, FailureReason.Expired, 0);
        vm.prank(opAddr(42)); // anyone
        registry.expireRound(v);
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Failed), "failed");
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Failed)
        );
        registry.expireRound(v);
        vm.prank(opAddr(1));
        registry.restartRound(v);
        // The three silent holders were at fault: they gave up their places, and replacements are drawn
        // among the others only, so the draw waits until enough operators are there.
        assertEq(registry.getHolders(v).length, 1, "the owner alone dealt");
        vm.roll(registry.pendingDraw(v));
        uint64 count = registry.operatorCount();
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotEnoughOperators.selector, count - 3, 4));
        registry.drawHolders(v);
        registerMany(count + 1, 2);
        draw(v);
        for (uint256 i = 1; i < 4; ++i) {
            assertFalse(contains(registry.getHolders(v), holders[i]), "the silent ones are not drawn back");
        }
        assertEq(registry.roundDeadline(v, 2), 1_000_000 + 2 days, "a new day for the new round");
        completeRound(v);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(2), RoundStatus.Completed)
        );
        registry.expireRound(v);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(99)));
        registry.expireRound(99);
    }

    function test_restartRefusals() public {
        start(KG_SPLIT);
        address h2 = addrOf(holders[1]);
        vm.prank(h2);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, h2));
        registry.restartRound(v);
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, v, uint32(1), RoundStatus.Dealing)
        );
        registry.restartRound(v);
        draw(v);
        vm.prank(opAddr(1));
        registry.requestValidatorExit(v);
        vm.prank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, v, ValidatorStatus.Exited));
        registry.restartRound(v);
        uint64 solo = request(1, SOLO, KG_NONE);
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongRoundStatus.selector, solo, uint32(0), RoundStatus.None)
        );
        registry.restartRound(solo);
        draw(solo);
    }
}
