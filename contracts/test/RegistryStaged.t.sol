// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {
    OperatorStatus,
    ValidatorStatus,
    ValidatorKind,
    RoundKind,
    RoundStatus,
    RoundInfo,
    FailureReason
} from "../src/DvtTypes.sol";

/// @notice The initial-setup case (fewer than n operators) and moving validators between solo and DVT.
contract RegistryStagedTest is RegistryFixture {
    function test_withTooFewOperatorsADvtValidatorIsStagedAndRunsSolo() public {
        registerMany(1, 2);
        vm.deal(opAddr(1), 32 ether);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorRequested(1, 1, M3OF4, ValidatorKind.Staged, KG_SPLIT, WC);
        vm.prank(opAddr(1));
        uint64 v = registry.requestValidator{value: 32 ether}(M3OF4, KG_SPLIT, WC);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Staged), "staged");
        assertEq(vRound(v), 0, "no round yet");
        assertEq(registry.getHolders(v).length, 1, "owner only");
        (uint64[] memory staged, uint256 total) = registry.validatorsByKind(ValidatorKind.Staged, 0, 10);
        assertEq(total, 1, "staged list");
        assertEq(staged[0], v, "listed");
        // Run solo with the full key meanwhile: same calls as a solo validator.
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, blsKey(1));
        depositAs(1, v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "deposited solo");

        register(3);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Staged), "3 operators: still staged");
        register(4);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Staged), "registration does not promote");
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorPromoted(v, M3OF4);
        promote(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Dvt), "promoted once 4 are active");
        assertEq(registry.getHolders(v).length, 4, "n holders");
        RoundInfo memory r = registry.getRound(v, 1);
        assertEq(uint256(r.kind), uint256(RoundKind.Split), "the owner splits its key");
        completeRound(v);
        assertEq(publicKeyOf(v), blsKey(1), "key unchanged");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "still deposited");
        (, total) = registry.validatorsByKind(ValidatorKind.Staged, 0, 10);
        assertEq(total, 0, "staged list empty");
        (, total) = registry.validatorsByKind(ValidatorKind.Dvt, 0, 10);
        assertEq(total, 1, "dvt list");
    }

    function test_aPromotionSplitMustKeepTheExistingKey() public {
        registerMany(1, 3);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, blsKey(1));
        register(4);
        promote(v);
        dealAll(v);
        uint64[] memory holders = registry.getHolders(v);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(addrOf(holders[i]));
            registry.ack(v, 1, blsKey(2), bytes32(0));
        }
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundFailed(v, 1, FailureReason.PublicKeyMismatch, 0);
        vm.prank(addrOf(holders[3]));
        registry.ack(v, 1, blsKey(2), bytes32(0));
        assertEq(uint256(roundOf(v).status), uint256(RoundStatus.Failed), "failed");
        assertEq(publicKeyOf(v), blsKey(1), "key kept");
        vm.prank(opAddr(1));
        registry.restartRound(v);
        draw(v);
        completeRound(v);
    }

    function test_aStagedValidatorWithoutKeyUsesItsRequestedKeyGeneration() public {
        registerMany(1, 3);
        uint64 v = request(2, M3OF4, KG_DKG);
        register(4);
        promote(v);
        RoundInfo memory r = registry.getRound(v, 1);
        assertEq(uint256(r.kind), uint256(RoundKind.Dkg), "dkg");
        completeRound(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready");
    }

    function test_promoteStagedIsForAnyoneOnceEnoughOperatorsAreActive() public {
        registerMany(1, 3);
        uint64 big = request(1, M9OF13, KG_SPLIT); // needs 13: skipped by the scan
        for (uint256 i = 0; i < 5; ++i) {
            request(uint64(1 + i % 3), M3OF4, KG_SPLIT);
        }
        register(4);
        (uint64[] memory staged, uint256 total) = registry.validatorsByKind(ValidatorKind.Staged, 0, 10);
        assertEq(total, 6, "registration promotes nothing");
        assertTrue(contains(staged, big), "big one still staged");
        uint64 left = staged[0] == big ? staged[1] : staged[0];
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotEnoughOperators.selector, 4, 13));
        registry.promoteStaged(big);
        vm.prank(opAddr(77)); // anyone may promote
        registry.promoteStaged(left);
        draw(left);
        assertEq(uint256(vKind(left)), uint256(ValidatorKind.Dvt), "promoted");
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorKind.selector, left, ValidatorKind.Dvt));
        registry.promoteStaged(left);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.UnknownValidator.selector, uint64(50)));
        registry.promoteStaged(50);
    }

    function test_promotionWaitsForAnActiveOwner() public {
        registerMany(1, 3);
        // Ten staged validators: the owner's exit handles only the newest eight in its own transaction.
        for (uint256 i = 0; i < 10; ++i) {
            request(1, M3OF4, KG_SPLIT);
        }
        vm.prank(opAddr(1));
        registry.requestOperatorExit();
        assertEq(uint256(statusOf(1)), uint256(OperatorStatus.Exiting), "still exiting");
        (uint64[] memory staged, uint256 total) = registry.validatorsByKind(ValidatorKind.Staged, 0, 10);
        assertEq(total, 2, "two left staged");
        registerMany(4, 2);
        assertEq(uint256(vKind(staged[0])), uint256(ValidatorKind.Staged), "not auto-promoted");
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.OperatorNotActive.selector, uint64(1), OperatorStatus.Exiting)
        );
        registry.promoteStaged(staged[0]);
        assertEq(registry.processOperatorExit(1, 10), 0, "nothing remains");
        assertEq(uint256(statusOf(1)), uint256(OperatorStatus.Exited), "exited");
        assertEq(address(registry).balance, 0, "all refunded");
        assertEq(opAddr(1).balance, 320 ether, "owner got every refund");
    }

    function test_aStagedValidatorThatExitsIsListedSolo() public {
        registerMany(1, 2);
        uint64 v = request(1, M3OF4, KG_SPLIT);
        vm.prank(opAddr(1));
        registry.requestValidatorExit(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "solo");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Exited), "exited");
        (, uint256 total) = registry.validatorsByKind(ValidatorKind.Staged, 0, 10);
        assertEq(total, 0, "left the staged list");
        registerMany(3, 2);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "never promoted");
    }

    // ------------------------------------------------------------------ conversions

    function test_convertASoloValidatorIntoDvtAndBack() public {
        registerMany(1, 5);
        uint64 v = request(1, SOLO, KG_NONE);
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, blsKey(9));
        depositAs(1, v);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorConvertedToDvt(v, M3OF4);
        vm.prank(opAddr(1));
        registry.convertToDvt(v, M3OF4);
        draw(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Dvt), "dvt");
        assertEq(vMode(v), M3OF4, "mode");
        assertEq(uint256(roundOf(v).kind), uint256(RoundKind.Split), "split of the existing key");
        completeRound(v);
        assertEq(publicKeyOf(v), blsKey(9), "same key");
        uint64[] memory holders = registry.getHolders(v);

        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorConvertedToSolo(v);
        vm.prank(opAddr(1));
        registry.convertToSolo(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "solo again");
        assertEq(vMode(v), SOLO, "mode solo");
        assertEq(registry.getHolders(v).length, 1, "owner only");
        for (uint256 i = 1; i < 4; ++i) {
            (,,, uint32 others, uint256 held) = registry.getOperator(holders[i]);
            assertEq(others + held, 0, "former holders hold nothing");
        }
    }

    function test_convertToDvtWithTooFewOperatorsStages() public {
        registerMany(1, 2);
        uint64 v = request(1, SOLO, KG_NONE);
        vm.prank(opAddr(1));
        registry.convertToDvt(v, M3OF4);
        draw(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Staged), "staged");
        registerMany(3, 2);
        promote(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Dvt), "promoted");
        assertEq(uint256(roundOf(v).kind), uint256(RoundKind.Split), "split: a converted solo has no DKG choice");
    }

    function test_convertToSoloAbortsAnOpenRound() public {
        registerMany(1, 4);
        uint64 v = request(1, M3OF4, KG_DKG);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundAborted(v, 1);
        vm.prank(opAddr(1));
        registry.convertToSolo(v);
        assertEq(uint256(registry.getRound(v, 1).status), uint256(RoundStatus.Aborted), "aborted");
        vm.prank(opAddr(1));
        registry.setSoloPublicKey(v, blsKey(1));
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Ready), "ready as solo");
    }

    function test_conversionRefusals() public {
        registerMany(1, 4);
        uint64 solo = request(1, SOLO, KG_NONE);
        uint64 dvt = request(1, M3OF4, KG_SPLIT);
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, solo, opAddr(2)));
        registry.convertToDvt(solo, M3OF4);
        vm.prank(opAddr(2));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotValidatorOwner.selector, dvt, opAddr(2)));
        registry.convertToSolo(dvt);
        vm.startPrank(opAddr(1));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorKind.selector, dvt, ValidatorKind.Dvt));
        registry.convertToDvt(dvt, M3OF4);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorKind.selector, solo, ValidatorKind.Solo));
        registry.convertToSolo(solo);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidMode.selector, SOLO));
        registry.convertToDvt(solo, SOLO);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidMode.selector, uint8(7)));
        registry.convertToDvt(solo, 7);
        registry.requestValidatorExit(solo);
        registry.requestValidatorExit(dvt);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, solo, ValidatorStatus.Exited)
        );
        registry.convertToDvt(solo, M3OF4);
        draw(solo);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.WrongValidatorStatus.selector, dvt, ValidatorStatus.Exited));
        registry.convertToSolo(dvt);
        vm.stopPrank();
    }

    function test_convertToDvtNeedsAnActiveOwner() public {
        registerMany(1, 4);
        for (uint256 i = 0; i < 9; ++i) {
            request(1, SOLO, KG_NONE);
        }
        vm.prank(opAddr(1));
        registry.requestOperatorExit(); // handles the newest eight; validator 1 is still live
        assertEq(uint256(vStatus(1)), uint256(ValidatorStatus.Requested), "oldest untouched");
        vm.prank(opAddr(1));
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.OperatorNotActive.selector, uint64(1), OperatorStatus.Exiting)
        );
        registry.convertToDvt(1, M3OF4);
        draw(1);
    }
}
