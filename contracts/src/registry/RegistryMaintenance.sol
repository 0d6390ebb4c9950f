// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryState} from "./RegistryState.sol";
import {RegistryOperators} from "./RegistryOperators.sol";

/// @notice The code of the registry's rarely used calls (complaint rulings, expiry and restarts, operator
/// maintenance and exit, conversions, promotions, imports, fee recipients), run by DvtRegistry through
/// delegatecall: on the registry's storage, with the registry's caller and value. It holds the same parts
/// (and so the same storage layout) without the views. Called directly, on its own empty storage, every
/// call is refused (DelegateCallOnly): it has no state of its own to change.
contract RegistryMaintenance is RegistryOperators {
    constructor(address depositContract_) RegistryState(depositContract_, address(this)) {}
}
