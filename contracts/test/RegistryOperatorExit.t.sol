// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {OperatorStatus, ValidatorStatus, ValidatorKind, RoundKind, RoundStatus, RoundInfo} from "../src/DvtTypes.sol";

/// @notice Operator exit: own validators exit, shares elsewhere move by reshare to a random
/// unrelated operator, or the validator reverts to solo when nobody is left to take them.
contract RegistryOperatorExitTest is RegistryFixture {
    function readyDvt(uint64 owner, uint8 mode) internal returns (uint64 v) {
        v = request(owner, mode, KG_DKG);
        completeRound(v);
    }

    function nonOwnerHolder(uint64 v, uint256 skip) internal view returns (uint64) {
        uint64[] memory holders = registry.getHolders(v);
        return holders[1 + skip];
    }

    function test_aLeavingHolderIsResharedToAnUnrelatedOperator() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        depositAs(1, v);
        uint64[] memory before = registry.getHolders(v);
        uint64 leaving = before[2];
        uint64 newcomer;
        for (uint64 op = 1; op <= 5; ++op) {
            if (!contains(before, op)) newcomer = op;
        }
        uint64[] memory dealers = new uint64[](3);
        uint64[] memory receivers = new uint64[](4);
        uint256 d;
        for (uint256 i = 0; i < 4; ++i) {
            receivers[i] = before[i] == leaving ? newcomer : before[i];
            if (before[i] != leaving) dealers[d++] = before[i];
        }
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundStarted(v, 2, RoundKind.Reshare, 3, leaving, dealers, receivers);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exiting), "exiting until the reshare completes");
        RoundInfo memory r = registry.getRound(v, 2);
        assertEq(r.dealersRequired, 3, "t deals needed");
        assertEq(r.leavingOperatorId, leaving, "leaving operator recorded");
        assertEq(registry.getHolders(v), before, "old holders until completion");

        // t = 3 of the 3 remaining dealers deal; the commitments' constant terms are the old public shares.
        dealAll(v);
        bytes memory pk = publicKeyOf(v);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(addrOf(receivers[i]));
            registry.ack(v, 2, pk, keccak256("new public shares"));
        }
        address last = addrOf(receivers[3]);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorExited(leaving);
        vm.prank(last);
        registry.ack(v, 2, pk, keccak256("new public shares"));
        assertEq(registry.getHolders(v), receivers, "newcomer took the leaver's share index");
        assertEq(publicKeyOf(v), pk, "validator key unchanged");
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited");
        (,,, uint32 others, uint256 held) = registry.getOperator(leaving);
        assertEq(others + held, 0, "leaver holds nothing");
        (,,, others, held) = registry.getOperator(newcomer);
        assertEq(others, 1, "newcomer holds one share");
        assertEq(held, 1, "listed for the newcomer");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "validator keeps running");
    }

    function test_inAReshareTheLeaverNeitherDealsNorAcksAndTheNewcomerOnlyAcks() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        uint64[] memory before = registry.getHolders(v);
        uint64 leaving = before[3];
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, 2);
        uint64 newcomer = receivers[3];
        assertFalse(contains(before, newcomer), "newcomer at the leaver's index");
        bytes memory c = commitmentsFor(3, 1);
        bytes memory s = sharesFor(4, false, 1);
        address leaverAddr = addrOf(leaving);
        address newcomerAddr = addrOf(newcomer);
        vm.prank(leaverAddr);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotDealer.selector, v, uint32(2), leaving));
        registry.submitDeal(v, 2, c, s);
        vm.prank(newcomerAddr);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotDealer.selector, v, uint32(2), newcomer));
        registry.submitDeal(v, 2, c, s);
        dealAll(v);
        bytes memory pk = publicKeyOf(v);
        vm.prank(leaverAddr);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotReceiver.selector, v, uint32(2), leaving));
        registry.ack(v, 2, pk, bytes32(0));
        vm.prank(newcomerAddr);
        registry.ack(v, 2, pk, bytes32(0));
        (,,, bool[] memory acked) = registry.getRoundMembers(v, 2);
        assertTrue(acked[3], "the newcomer's ack counts at share index 4");
        assertEq(registry.operatorExitBacklog(leaving), 0, "exit work done: only the reshare remains");
    }

    function test_membersOfRoundsBeforeTheLastHolderChangeAreInEventsOnly() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        uint64[] memory first = registry.getHolders(v);
        uint64 leaving = nonOwnerHolder(v, 0);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        (uint64[] memory dealers,, uint64[] memory receivers,) = registry.getRoundMembers(v, 1);
        assertEq(receivers, first, "round 1 still derivable while the reshare is open");
        assertEq(dealers, first, "dkg dealers");
        completeRound(v);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.RoundMembersNotStored.selector, v, uint32(1)));
        registry.getRoundMembers(v, 1);
        // The completed reshare itself: receivers are the new holders, dealers all but the newcomer.
        (dealers,, receivers,) = registry.getRoundMembers(v, 2);
        assertEq(receivers, registry.getHolders(v), "reshare receivers = new holders");
        assertEq(dealers.length, 3, "three dealers");
        assertFalse(contains(dealers, leaving), "the leaver did not deal");
        (uint64[] memory none,,,) = registry.getRoundMembers(v, 9);
        assertEq(none.length, 0, "no such round: empty");
    }

    function test_aReshareThatChangesTheKeyFailsAndCanBeRestarted() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        uint64 leaving = nonOwnerHolder(v, 0);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        dealAll(v);
        ackAll(v, blsKey(12345), bytes32(0));
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Failed), "key mismatch fails the reshare");
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exiting), "still exiting");
        vm.prank(opAddr(1));
        registry.restartRound(v);
        draw(v);
        assertEq(uint256(roundOf(v).kind), uint256(RoundKind.Reshare), "reshare again");
        completeRound(v);
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited after the restart");
    }

    function _failCurrentRound(uint64 v) internal {
        vm.warp(block.timestamp + 1 days);
        registry.expireRound(v);
    }

    function _newcomerOf(uint64 v) internal view returns (uint64) {
        return registry.getRound(v, vRound(v)).leavingOperatorId == 0 ? 0 : _receiverNotHolding(v);
    }

    function _receiverNotHolding(uint64 v) internal view returns (uint64) {
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, vRound(v));
        uint64[] memory holders = registry.getHolders(v);
        for (uint256 i = 0; i < receivers.length; ++i) {
            if (!contains(holders, receivers[i])) return receivers[i];
        }
        return 0;
    }

    function test_theLeaverRestartsAFailedReshareWithAnotherNewcomer() public {
        registerMany(1, 6); // 4 holders, 2 outsiders
        uint64 v = readyDvt(1, M3OF4);
        uint64 leaving = nonOwnerHolder(v, 0);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        uint64 first = _newcomerOf(v);
        _failCurrentRound(v); // the newcomer never showed up
        address stranger = opAddr(99);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, v, stranger));
        registry.restartRound(v);
        vm.prank(addrOf(leaving));
        uint32 round = registry.restartRound(v);
        uint64 second = _newcomerOf(v);
        assertEq(round, 3, "round 3");
        assertTrue(second != first && second != 0, "another newcomer");
        (,,, uint32 owed,) = registry.getOperator(first);
        assertEq(owed, 0, "the first newcomer's reservation is released");
        (,,, owed,) = registry.getOperator(second);
        assertEq(owed, 1, "the second one's is taken");
        completeRound(v);
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited");
    }

    function test_aRestartedReshareKeepsTheOnlyPossibleNewcomer() public {
        registerMany(1, 5); // exactly one outsider
        uint64 v = readyDvt(1, M3OF4);
        uint64 leaving = nonOwnerHolder(v, 1);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        uint64 first = _newcomerOf(v);
        _failCurrentRound(v);
        vm.prank(opAddr(1));
        registry.restartRound(v);
        draw(v);
        assertEq(_newcomerOf(v), first, "the same newcomer again");
        completeRound(v);
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited");
    }

    function test_aRestartedReshareWithNobodyLeftRevertsToSolo() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        uint64 leaving = nonOwnerHolder(v, 1);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        uint64 newcomer = _newcomerOf(v);
        vm.prank(addrOf(newcomer));
        registry.requestOperatorExit(); // exiting too: no longer a candidate
        _failCurrentRound(v);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorRevertedToSolo(v, leaving);
        vm.prank(opAddr(1));
        uint32 round = registry.restartRound(v);
        assertEq(round, 2, "no new round");
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "solo");
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "leaver exited");
        assertEq(uint256(statusOf(newcomer)), uint256(OperatorStatus.Exited), "newcomer released and exited");
    }

    function test_withNobodyToTakeTheShareTheValidatorRevertsToSolo() public {
        registerMany(1, 4);
        uint64 v = readyDvt(1, M3OF4);
        depositAs(1, v);
        uint64 leaving = nonOwnerHolder(v, 1);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorRevertedToSolo(v, leaving);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "solo");
        assertEq(vMode(v), SOLO, "mode solo");
        uint64[] memory holders = registry.getHolders(v);
        assertEq(holders.length, 1, "owner only");
        assertEq(holders[0], 1, "owner");
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited at once");
        for (uint64 op = 2; op <= 4; ++op) {
            (,,, uint32 others, uint256 held) = registry.getOperator(op);
            assertEq(others + held, 0, "remaining holders deleted their shares");
        }
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "still deposited, run solo");
    }

    function test_anOwnersExitExitsItsValidators() public {
        registerMany(1, 5);
        uint64 deposited = readyDvt(1, M3OF4);
        depositAs(1, deposited);
        uint64 pending = request(1, SOLO, KG_NONE);
        uint256 before = opAddr(1).balance;
        vm.prank(opAddr(1));
        registry.requestOperatorExit();
        assertEq(uint256(vStatus(deposited)), uint256(ValidatorStatus.ExitRequested), "deposited one: exit requested");
        assertEq(uint256(vStatus(pending)), uint256(ValidatorStatus.Exited), "pending one: refunded");
        assertEq(opAddr(1).balance, before + 32 ether, "refund");
        assertEq(uint256(statusOf(1)), uint256(OperatorStatus.Exited), "exited: all own validators exit-requested");
        assertEq(registry.getHolders(deposited).length, 4, "holders keep shares to sign the exit");
        vm.prank(opAddr(1));
        registry.confirmValidatorExit(deposited);
        assertEq(registry.getHolders(deposited).length, 0, "then delete them");
    }

    function test_aHolderOfAnExitingValidatorWaitsForTheConfirmation() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        depositAs(1, v);
        vm.prank(opAddr(1));
        registry.requestValidatorExit(v);
        uint64 holder = nonOwnerHolder(v, 0);
        vm.prank(addrOf(holder));
        registry.requestOperatorExit();
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Completed), "no reshare of an exiting validator");
        assertEq(uint256(statusOf(holder)), uint256(OperatorStatus.Exiting), "must still sign the voluntary exit");
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorExited(holder);
        vm.prank(opAddr(1));
        registry.confirmValidatorExit(v);
        assertEq(uint256(statusOf(holder)), uint256(OperatorStatus.Exited), "exited");
    }

    function test_aBusyValidatorIsResharedWhenItsRoundCompletes() public {
        registerMany(1, 5);
        uint64 v = request(1, M3OF4, KG_DKG);
        uint64 leaving = nonOwnerHolder(v, 0);
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        assertEq(vRound(v), 1, "no reshare during the DKG");
        completeRound(v); // the leaver still deals and acks: it is exiting, not gone
        assertEq(vRound(v), 2, "reshare opened on completion");
        assertEq(uint256(roundOf(v).kind), uint256(RoundKind.Reshare), "reshare");
        completeRound(v);
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited");
        assertFalse(contains(registry.getHolders(v), leaving), "replaced");
    }

    function test_twoLeaversAreResharedOneAfterTheOther() public {
        registerMany(1, 7);
        uint64 v = readyDvt(1, M3OF4);
        uint64 a = nonOwnerHolder(v, 0);
        uint64 b = nonOwnerHolder(v, 1);
        vm.prank(addrOf(a));
        registry.requestOperatorExit();
        vm.prank(addrOf(b));
        registry.requestOperatorExit();
        assertEq(registry.getRound(v, 2).leavingOperatorId, a, "first reshare for a");
        assertEq(vRound(v), 2, "one round at a time");
        completeRound(v);
        assertEq(uint256(statusOf(a)), uint256(OperatorStatus.Exited), "a exited");
        assertEq(registry.getRound(v, 3).leavingOperatorId, b, "then b");
        completeRound(v);
        assertEq(uint256(statusOf(b)), uint256(OperatorStatus.Exited), "b exited");
        uint64[] memory holders = registry.getHolders(v);
        assertFalse(contains(holders, a) || contains(holders, b), "both replaced");
        assertEq(holders.length, 4, "still four");
    }

    function test_aNewcomerThatLeavesDuringTheReshareIsMovedOnAfterwards() public {
        registerMany(1, 6);
        uint64 v = readyDvt(1, M3OF4);
        uint64 a = nonOwnerHolder(v, 0);
        vm.prank(addrOf(a));
        registry.requestOperatorExit();
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, 2);
        uint64 newcomer;
        for (uint256 i = 0; i < 4; ++i) {
            if (!contains(registry.getHolders(v), receivers[i])) newcomer = receivers[i];
        }
        vm.prank(addrOf(newcomer));
        registry.requestOperatorExit();
        assertEq(uint256(statusOf(newcomer)), uint256(OperatorStatus.Exiting), "owed a share: cannot finish yet");
        (,,, uint32 owed,) = registry.getOperator(newcomer);
        assertEq(owed, 1, "the promised share counts");
        completeRound(v);
        assertEq(uint256(statusOf(a)), uint256(OperatorStatus.Exited), "a exited");
        assertEq(vRound(v), 3, "next reshare");
        assertEq(registry.getRound(v, 3).leavingOperatorId, newcomer, "moves the newcomer's share on");
        completeRound(v);
        assertEq(uint256(statusOf(newcomer)), uint256(OperatorStatus.Exited), "newcomer exited");
        assertFalse(contains(registry.getHolders(v), newcomer), "replaced");
    }

    function test_anAbortedReshareReleasesTheNewcomer() public {
        registerMany(1, 5);
        uint64 v = readyDvt(1, M3OF4);
        uint64 a = nonOwnerHolder(v, 0);
        vm.prank(addrOf(a));
        registry.requestOperatorExit();
        uint64 newcomer;
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, 2);
        for (uint256 i = 0; i < 4; ++i) {
            if (!contains(registry.getHolders(v), receivers[i])) newcomer = receivers[i];
        }
        vm.prank(addrOf(newcomer));
        registry.requestOperatorExit();
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.OperatorExited(newcomer);
        vm.prank(opAddr(1));
        registry.requestValidatorExit(v); // not deposited: refunded, holders cleared
        assertEq(uint256(statusOf(newcomer)), uint256(OperatorStatus.Exited), "released");
        assertEq(uint256(statusOf(a)), uint256(OperatorStatus.Exited), "leaver released too");
    }

    function test_exitWorkBeyondOneBatchContinuesWithProcessOperatorExit() public {
        registerMany(1, 6);
        uint64 leaving = 6;
        uint256 made;
        uint64[] memory mine = new uint64[](12);
        // Validators of operators 1..5 until operator 6 holds shares of twelve of them.
        for (uint256 i = 0; made < 12; ++i) {
            uint64 v = request(uint64(1 + i % 5), M3OF4, KG_SPLIT);
            completeRound(v);
            if (contains(registry.getHolders(v), leaving)) mine[made++] = v;
        }
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        uint256 resharing;
        for (uint256 i = 0; i < 12; ++i) {
            if (roundOf(mine[i]).kind == RoundKind.Reshare) ++resharing;
        }
        assertGe(resharing, 8, "the first batch of eight reshares");
        assertLe(resharing, 11, "not all of them in one transaction");
        vm.prank(opAddr(99)); // anyone may continue
        uint256 remaining = registry.processOperatorExit(leaving, 2);
        assertGe(remaining, 1, "work remains");
        assertEq(registry.operatorExitBacklog(leaving), remaining, "backlog view");
        assertEq(registry.processOperatorExit(leaving, 100), 0, "done");
        assertEq(registry.operatorExitBacklog(leaving), 0, "no backlog");
        for (uint256 i = 0; i < 12; ++i) {
            assertEq(uint256(roundOf(mine[i]).kind), uint256(RoundKind.Reshare), "every share is being moved");
            completeRound(mine[i]);
        }
        assertEq(uint256(statusOf(leaving)), uint256(OperatorStatus.Exited), "exited");
        (uint64[] memory held, uint256 total) = registry.validatorsOfOperator(leaving, 0, 20);
        assertEq(total + held.length, 0, "nothing listed");
    }

    function test_randomChoiceFollowsPrevrandao() public {
        registerMany(1, 13);
        vm.prevrandao(bytes32(uint256(1)));
        uint64 a = request(1, M3OF4, KG_SPLIT);
        vm.prevrandao(bytes32(uint256(2)));
        uint64 b = request(1, M3OF4, KG_SPLIT);
        uint64[] memory ha = registry.getHolders(a);
        uint64[] memory hb = registry.getHolders(b);
        bool differ;
        for (uint256 i = 1; i < 4; ++i) {
            if (ha[i] != hb[i]) differ = true;
        }
        assertTrue(differ, "another seed, another set (for these two seeds)");
    }

    /// The virtual Fisher-Yates must not favour any position of the active list (a classic slip is
    /// an off-by-one that never draws the last one). 240 draws of 3 among 7 candidates: each is
    /// expected 102.9 times (standard deviation 7.7); the bounds are about five deviations wide.
    function test_drawsAreSpreadEvenlyOverTheCandidates() public {
        registerMany(1, 8);
        uint256[9] memory picked;
        for (uint256 i = 0; i < 240; ++i) {
            vm.prevrandao(keccak256(abi.encode("spread", i)));
            uint64[] memory holders = registry.getHolders(request(1, M3OF4, KG_SPLIT));
            for (uint256 k = 1; k < 4; ++k) {
                picked[holders[k]]++;
            }
        }
        assertEq(picked[1], 0, "the owner is never drawn");
        for (uint256 op = 2; op <= 8; ++op) {
            assertGe(picked[op], 66, string.concat("operator ", vm.toString(op), " drawn too rarely"));
            assertLe(picked[op], 140, string.concat("operator ", vm.toString(op), " drawn too often"));
        }
    }

    function testFuzz_holdersAreDistinctActiveAndExcludeTheLeaver(bytes32 randao, uint8 operators, uint8 modeSeed)
        public
    {
        uint8 mode = uint8(bound(modeSeed, 1, 4));
        (, uint8 n) = registry.modeParameters(mode);
        operators = uint8(bound(operators, n, 20));
        registerMany(1, operators);
        vm.prevrandao(randao);
        uint64 v = request(1, mode, KG_SPLIT);
        uint64[] memory holders = registry.getHolders(v);
        assertEq(holders.length, n, "n holders");
        for (uint256 i = 0; i < n; ++i) {
            assertTrue(holders[i] >= 1 && holders[i] <= operators, "a registered operator");
            for (uint256 k = 0; k < i; ++k) {
                assertTrue(holders[i] != holders[k], "distinct");
            }
        }
        completeRound(v);
        uint64 leaving = holders[1 + uint256(randao) % (n - 1)];
        vm.prank(addrOf(leaving));
        registry.requestOperatorExit();
        if (operators == n) {
            assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "no replacement: solo");
            return;
        }
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, 2);
        assertFalse(contains(receivers, leaving), "leaver excluded");
        for (uint256 i = 0; i < n; ++i) {
            assertEq(uint256(statusOf(receivers[i])), uint256(OperatorStatus.Active), "active receivers");
            for (uint256 k = 0; k < i; ++k) {
                assertTrue(receivers[i] != receivers[k], "distinct receivers");
            }
            if (holders[i] != leaving) assertEq(receivers[i], holders[i], "others keep their share index");
        }
    }
}
