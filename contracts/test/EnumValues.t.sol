// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TestBase} from "./base/TestBase.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../src/IDvtRegistry.sol";
import {
    Mode,
    ValidatorKind,
    ValidatorStatus,
    OperatorStatus,
    RoundKind,
    RoundStatus,
    FailureReason
} from "../src/DvtTypes.sol";

/// @notice Pins every wire enum value (docs/PROTOCOL.md, the C# bindings depend on them).
contract EnumValuesTest is TestBase {
    function test_modeValues() public pure {
        assertEq(uint8(Mode.Solo), 0, "Solo");
        assertEq(uint8(Mode.ThreeOfFour), 1, "ThreeOfFour");
        assertEq(uint8(Mode.FiveOfSeven), 2, "FiveOfSeven");
        assertEq(uint8(Mode.SevenOfTen), 3, "SevenOfTen");
        assertEq(uint8(Mode.NineOfThirteen), 4, "NineOfThirteen");
        assertEq(uint8(type(Mode).max), 4, "no other mode");
    }

    function test_modeParameters() public {
        IDvtRegistry registry = deployRegistry(address(1));
        uint8[5] memory t = [1, 3, 5, 7, 9];
        uint8[5] memory n = [1, 4, 7, 10, 13];
        for (uint8 m = 0; m < 5; ++m) {
            (uint8 threshold, uint8 size) = registry.modeParameters(m);
            assertEq(threshold, t[m], "threshold");
            assertEq(size, n[m], "size");
            if (m > 0) {
                assertEq(size % 3, 1, "n = 3f + 1");
                assertEq(threshold, 2 * (size - 1) / 3 + 1, "t = 2f + 1");
            }
        }
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.InvalidMode.selector, uint8(5)));
        registry.modeParameters(5);
    }

    function test_roundKindValues() public pure {
        assertEq(uint8(RoundKind.None), 0, "None");
        assertEq(uint8(RoundKind.Split), 1, "Split");
        assertEq(uint8(RoundKind.Dkg), 2, "Dkg");
        assertEq(uint8(RoundKind.Reshare), 3, "Reshare");
        assertEq(uint8(type(RoundKind).max), 3, "no other kind");
    }

    function test_roundStatusValues() public pure {
        assertEq(uint8(RoundStatus.None), 0, "None");
        assertEq(uint8(RoundStatus.Dealing), 1, "Dealing");
        assertEq(uint8(RoundStatus.Acking), 2, "Acking");
        assertEq(uint8(RoundStatus.Completed), 3, "Completed");
        assertEq(uint8(RoundStatus.Failed), 4, "Failed");
        assertEq(uint8(RoundStatus.Aborted), 5, "Aborted");
        assertEq(uint8(type(RoundStatus).max), 5, "no other status");
    }

    function test_validatorEnumValues() public pure {
        assertEq(uint8(ValidatorKind.Solo), 0, "kind Solo");
        assertEq(uint8(ValidatorKind.Dvt), 1, "kind Dvt");
        assertEq(uint8(ValidatorKind.Staged), 2, "kind Staged");
        assertEq(uint8(type(ValidatorKind).max), 2, "no other kind");
        assertEq(uint8(ValidatorStatus.None), 0, "None");
        assertEq(uint8(ValidatorStatus.Requested), 1, "Requested");
        assertEq(uint8(ValidatorStatus.Ready), 2, "Ready");
        assertEq(uint8(ValidatorStatus.Deposited), 3, "Deposited");
        assertEq(uint8(ValidatorStatus.ExitRequested), 4, "ExitRequested");
        assertEq(uint8(ValidatorStatus.Exited), 5, "Exited");
        assertEq(uint8(type(ValidatorStatus).max), 5, "no other status");
    }

    function test_operatorAndFailureValues() public pure {
        assertEq(uint8(OperatorStatus.None), 0, "None");
        assertEq(uint8(OperatorStatus.Active), 1, "Active");
        assertEq(uint8(OperatorStatus.Exiting), 2, "Exiting");
        assertEq(uint8(OperatorStatus.Exited), 3, "Exited");
        assertEq(uint8(type(OperatorStatus).max), 3, "no other status");
        assertEq(uint8(FailureReason.None), 0, "None");
        assertEq(uint8(FailureReason.Complaint), 1, "Complaint");
        assertEq(uint8(FailureReason.AckMismatch), 2, "AckMismatch");
        assertEq(uint8(FailureReason.PublicKeyMismatch), 3, "PublicKeyMismatch");
        assertEq(uint8(FailureReason.Expired), 4, "Expired");
        assertEq(uint8(FailureReason.PublicKeyInUse), 5, "PublicKeyInUse");
        assertEq(uint8(type(FailureReason).max), 5, "no other reason");
    }
}
