// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {ValidatorStatus, ValidatorKind, RoundKind, RoundStatus, RoundInfo, FailureReason} from "../src/DvtTypes.sol";

/// importValidator: an existing beacon-chain validator brought into the registry without a deposit.
contract RegistryImportTest is RegistryFixture {
    function test_aSoloImportIsRecordedAsDepositedWithItsKeyAndNoFunds() public {
        register(1);
        bytes memory pk = blsKey(11);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorRequested(1, 1, SOLO, ValidatorKind.Solo, KG_NONE, WC);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.ValidatorImported(1, 1, pk, 0, 0, 0);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.PublicKeySet(1, pk);
        vm.prank(opAddr(1));
        uint64 v = registry.importValidator(pk, SOLO, WC, 0, 0, 0);
        draw(v);
        assertEq(v, 1, "first validator id");
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "already on the beacon chain");
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Solo), "solo");
        assertEq(publicKeyOf(v), pk, "key recorded");
        assertEq(address(registry).balance, 0, "no ETH held");
        assertEq(vRound(v), 0, "no key round");
    }

    function test_aDvtImportOpensASplitRoundWhoseGroupKeyMustBeTheImportedKey() public {
        registerMany(1, 4);
        bytes memory pk = blsKey(12);
        vm.prank(opAddr(2));
        uint64 v = registry.importValidator(pk, M3OF4, WC, 0, 0, 0);
        draw(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Dvt), "dvt");
        RoundInfo memory r = roundOf(v);
        assertEq(uint256(r.kind), uint256(RoundKind.Split), "split by the owner");
        (uint64[] memory dealers,, uint64[] memory receivers,) = registry.getRoundMembers(v, 1);
        assertEq(dealers.length, 1, "one dealer");
        assertEq(dealers[0], 2, "the owner deals");
        assertEq(receivers.length, 4, "four receivers");

        // A dealer that does not know the key cannot make the holders agree on it.
        dealAll(v);
        for (uint256 i = 0; i < 3; ++i) {
            vm.prank(addrOf(receivers[i]));
            registry.ack(v, 1, blsKey(99), bytes32(0));
        }
        vm.expectEmit(true, true, true, true, address(registry));
        emit IDvtRegistryEvents.RoundFailed(v, 1, FailureReason.PublicKeyMismatch, 0);
        vm.prank(addrOf(receivers[3]));
        registry.ack(v, 1, blsKey(99), bytes32(0));
        assertEq(publicKeyOf(v), pk, "imported key kept");

        vm.prank(opAddr(2));
        registry.restartRound(v);
        draw(v);
        completeRound(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.Deposited), "still deposited: no second deposit");
        assertEq(publicKeyOf(v), pk, "key unchanged");
    }

    function test_aDvtImportWithTooFewOperatorsIsStagedAndPromotedLater() public {
        registerMany(1, 3);
        vm.prank(opAddr(1));
        uint64 v = registry.importValidator(blsKey(13), M3OF4, WC, 0, 0, 0);
        draw(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Staged), "staged");
        register(4);
        promote(v);
        assertEq(uint256(vKind(v)), uint256(ValidatorKind.Dvt), "promoted");
        assertEq(uint256(roundOf(v).kind), uint256(RoundKind.Split), "split from the owner's key");
    }

    function test_anImportedValidatorExitsWithoutARefund() public {
        register(1);
        vm.prank(opAddr(1));
        uint64 v = registry.importValidator(blsKey(14), SOLO, WC, 0, 0, 0);
        draw(v);
        vm.prank(opAddr(1));
        registry.requestValidatorExit(v);
        assertEq(uint256(vStatus(v)), uint256(ValidatorStatus.ExitRequested), "exit requested, nothing refunded");
        assertEq(address(registry).balance, 0, "no ETH");
    }

    function test_importRefusesNonOperatorsBadKeysModesAndCredentials() public {
        register(1);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.NotAnOperator.selector, address(this)));
        registry.importValidator(blsKey(1), SOLO, WC, 0, 0, 0);

        bytes memory short = new bytes(47);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidPublicKey.selector, uint256(47), bytes1(0)));
        vm.prank(opAddr(1));
        registry.importValidator(short, SOLO, WC, 0, 0, 0);

        bytes memory uncompressed = blsKey(2);
        uncompressed[0] = bytes1(uint8(uncompressed[0]) & 0x7f);
        vm.expectRevert(
            abi.encodeWithSelector(IDvtRegistryEvents.InvalidPublicKey.selector, uint256(48), uncompressed[0])
        );
        vm.prank(opAddr(1));
        registry.importValidator(uncompressed, SOLO, WC, 0, 0, 0);

        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidMode.selector, uint8(5)));
        vm.prank(opAddr(1));
        registry.importValidator(blsKey(3), 5, WC, 0, 0, 0);

        bytes32 badWc = bytes32(uint256(0x01) << 248 | uint256(1) << 200);
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidWithdrawalCredentials.selector, badWc));
        vm.prank(opAddr(1));
        registry.importValidator(blsKey(4), SOLO, badWc, 0, 0, 0);
    }

    function testFuzz_importAcceptsEveryWellFormedKeyAndMode(uint256 seed, uint8 mode) public {
        mode = uint8(bound(mode, 0, 4));
        registerMany(1, 13);
        bytes memory pk = blsKey(seed);
        vm.prank(opAddr(1));
        uint64 v = registry.importValidator(pk, mode, WC, 0, 0, 0);
        draw(v);
        assertEq(publicKeyOf(v), pk, "key");
        assertEq(vMode(v), mode, "mode");
        assertEq(uint256(vKind(v)), uint256(mode == SOLO ? ValidatorKind.Solo : ValidatorKind.Dvt), "kind");
        assertEq(registry.getHolders(v).length, mode == SOLO ? 1 : [uint256(1), 4, 7, 10, 13][mode], "holders");
    }
}
