// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title ViewAggregator: many view calls in one eth_call, never deployed.
/// @notice Its creation code with constructor arguments is sent as an eth_call without `to` (a "deployless" call): the
/// constructor makes every call to `target` with STATICCALL and reverts with ViewResults(ok, output). A node runs one
/// eth_call instead of one per view (anvil runs eth_calls one at a time, and each pays for its own set-up), and nothing
/// is written to the chain. The answers come back as revert data, not as returned code: returned code is capped at
/// 24,576 bytes (EIP-170), revert data is not. A failed call yields ok = false and its revert data.
contract ViewAggregator {
    /// @notice The answers, in the order of `calls`.
    error ViewResults(bool[] ok, bytes[] output);

    constructor(address target, bytes[] memory calls) {
        bool[] memory ok = new bool[](calls.length);
        bytes[] memory output = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (ok[i], output[i]) = target.staticcall(calls[i]);
        }
        revert ViewResults(ok, output);
    }
}
