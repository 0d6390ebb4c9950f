// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Vm} from "./Vm.sol";
import {IDvtRegistry} from "../../src/IDvtRegistry.sol";

/// @notice Our own minimal test base: the cheatcode handle, console output and asserts that
/// revert with expected and actual values (forge counts a revert as a failure).
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));
    address private constant CONSOLE = 0x000000000000000000636F6e736F6c652e6c6f67;

    /// Deploys the registry from its build artifact. Tests see it only through IDvtRegistry, so that
    /// they compile on the fast legacy pipeline while the registry itself is built via IR (foundry.toml).
    function deployRegistry(address depositContract) internal returns (IDvtRegistry) {
        return IDvtRegistry(vm.deployCode("DvtRegistry.sol:DvtRegistry", abi.encode(depositContract)));
    }

    function log(string memory message) internal view {
        (bool ok,) = CONSOLE.staticcall(abi.encodeWithSignature("log(string)", message));
        ok; // console output is best effort
    }

    function fail(string memory message) internal pure {
        revert(message);
    }

    function assertTrue(bool condition, string memory message) internal pure {
        if (!condition) fail(message);
    }

    function assertFalse(bool condition, string memory message) internal pure {
        if (condition) fail(message);
    }

    function assertEq(uint256 actual, uint256 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(address actual, address expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(bool actual, bool expected, string memory message) internal pure {
        if (actual != expected) fail(string.concat(message, expected ? ": expected true" : ": expected false"));
    }

    function assertEq(bytes memory actual, bytes memory expected, string memory message) internal pure {
        if (keccak256(actual) != keccak256(expected)) {
            fail(string.concat(message, ": expected ", vm.toString(expected), ", got ", vm.toString(actual)));
        }
    }

    function assertEq(string memory actual, string memory expected, string memory message) internal pure {
        if (keccak256(bytes(actual)) != keccak256(bytes(expected))) {
            fail(string.concat(message, ": expected '", expected, "', got '", actual, "'"));
        }
    }

    function assertEq(uint64[] memory actual, uint64[] memory expected, string memory message) internal pure {
        assertEq(actual.length, expected.length, string.concat(message, " (length)"));
        for (uint256 i = 0; i < actual.length; ++i) {
            assertEq(actual[i], expected[i], string.concat(message, " [", vm.toString(i), "]"));
        }
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) fail(string.concat(message, ": ", vm.toString(a), " > ", vm.toString(b)));
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) fail(string.concat(message, ": ", vm.toString(a), " < ", vm.toString(b)));
    }

    /// Maps any fuzzed x into [min, max] without rejecting runs.
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    function contains(uint64[] memory list, uint64 value) internal pure returns (bool) {
        for (uint256 i = 0; i < list.length; ++i) {
            if (list[i] == value) return true;
        }
        return false;
    }

    function endsWith(string memory s, string memory suffix) internal pure returns (bool) {
        bytes memory a = bytes(s);
        bytes memory b = bytes(suffix);
        if (b.length > a.length) return false;
        for (uint256 i = 0; i < b.length; ++i) {
            if (a[a.length - b.length + i] != b[i]) return false;
        }
        return true;
    }
}
