// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TestBase} from "./TestBase.sol";
import {Vm} from "./Vm.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../../src/IDvtRegistry.sol";
import {DevnetDepositContract} from "../../src/DevnetDepositContract.sol";
import {
    RoundInfo,
    RoundKind,
    RoundStatus,
    ValidatorStatus,
    ValidatorKind,
    OperatorStatus
} from "../../src/DvtTypes.sol";

/// @notice A fresh registry over our devnet deposit contract, plus builders for operators,
/// validators, well-formed deal payloads and deposits. Payload bytes are synthetic: the
/// registry checks lengths and membership, the cryptography is checked off-chain.
abstract contract RegistryFixture is TestBase {
    IDvtRegistry internal registry;
    DevnetDepositContract internal depositContract;

    /// 0x01 credentials for an execution address.
    bytes32 internal constant WC =
        bytes32(uint256(0x01) << 248 | uint256(uint160(0x0f51bb10119727a7e5eA3538074fb341F56B09Ad)));
    /// 32 ETH in gwei, little-endian, as in DepositData.amount.
    bytes8 internal constant AMOUNT_32_ETH_LE = 0x0040597307000000;

    uint8 internal constant SOLO = 0;
    uint8 internal constant M3OF4 = 1;
    uint8 internal constant M5OF7 = 2;
    uint8 internal constant M7OF10 = 3;
    uint8 internal constant M9OF13 = 4;
    uint8 internal constant KG_NONE = 0;
    uint8 internal constant KG_SPLIT = 1;
    uint8 internal constant KG_DKG = 2;

    /// Validators' public keys as their PublicKeySet events carried them (the registry keeps only the
    /// key's hash index and the block of that event), read from the recorded logs.
    mapping(uint64 => bytes) private _keysSeen;
    /// Logs drained from the VM while looking for keys, kept for takeRecordedLogs.
    Vm.Log[] private _drained;

    function setUp() public virtual {
        vm.recordLogs();
        depositContract = new DevnetDepositContract();
        registry = deployRegistry(address(depositContract));
    }

    /// Moves the VM's recorded logs here, noting the public keys they set.
    function _drainLogs() private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            _drained.push(logs[i]);
            if (
                logs[i].emitter == address(registry) && logs[i].topics.length == 2
                    && logs[i].topics[0] == IDvtRegistryEvents.PublicKeySet.selector
            ) _keysSeen[uint64(uint256(logs[i].topics[1]))] = abi.decode(logs[i].data, (bytes));
        }
    }

    /// Starts collecting the logs takeRecordedLogs returns (vm.recordLogs is on from setUp; the
    /// fixture drains it to read keys, so tests read logs through these two).
    function startRecordingLogs() internal {
        _drainLogs();
        delete _drained;
    }

    /// The logs emitted since startRecordingLogs (or setUp).
    function takeRecordedLogs() internal returns (Vm.Log[] memory logs) {
        _drainLogs();
        logs = _drained;
        delete _drained;
    }

    // ------------------------------------------------------------------ operators

    function opAddr(uint256 i) internal pure returns (address) {
        return address(uint160(0x100000 + i));
    }

    function shareKey(uint256 i) internal pure returns (bytes memory) {
        return abi.encodePacked(bytes1(i % 2 == 0 ? 0x02 : 0x03), keccak256(abi.encode("share key", i)));
    }

    function endpoint(uint256 i) internal pure returns (string memory) {
        return string.concat("https://operator-", vm.toString(i), ".example:9000");
    }

    function register(uint256 i) internal returns (uint64 id) {
        vm.prank(opAddr(i));
        id = registry.registerOperator(shareKey(i), endpoint(i));
    }

    /// Registers operators with address indices from..from+count-1.
    function registerMany(uint256 from, uint256 count) internal returns (uint64[] memory ids) {
        ids = new uint64[](count);
        for (uint256 i = 0; i < count; ++i) {
            ids[i] = register(from + i);
        }
    }

    function addrOf(uint64 operatorId) internal view returns (address owner) {
        (owner,,,,) = registry.getOperator(operatorId);
    }

    function statusOf(uint64 operatorId) internal view returns (OperatorStatus status) {
        (, status,,,) = registry.getOperator(operatorId);
    }

    // ------------------------------------------------------------------ validators

    function request(uint64 operatorId, uint8 mode, uint8 keyGeneration) internal returns (uint64 validatorId) {
        address who = addrOf(operatorId);
        vm.deal(who, who.balance + 32 ether);
        vm.prank(who);
        validatorId = registry.requestValidator{value: 32 ether}(mode, keyGeneration, WC);
        draw(validatorId);
    }

    /// Promotes a staged validator (registration no longer does it) and draws its holders.
    function promote(uint64 validatorId) internal {
        registry.promoteStaged(validatorId);
        draw(validatorId);
    }

    /// Makes the pending draw of the validator's holders, if any, in the first block it is due.
    function draw(uint64 validatorId) internal {
        uint64 due = registry.pendingDraw(validatorId);
        if (due == 0) return;
        if (block.number < due) vm.roll(due);
        registry.drawHolders(validatorId);
    }

    function vStatus(uint64 validatorId) internal view returns (ValidatorStatus status) {
        (,,, status,,,,) = registry.getValidator(validatorId);
    }

    function vKind(uint64 validatorId) internal view returns (ValidatorKind kind) {
        (,, kind,,,,,) = registry.getValidator(validatorId);
    }

    function vRound(uint64 validatorId) internal view returns (uint32 round) {
        (,,,,, round,,) = registry.getValidator(validatorId);
    }

    function vOwner(uint64 validatorId) internal view returns (uint64 owner) {
        (owner,,,,,,,) = registry.getValidator(validatorId);
    }

    function vMode(uint64 validatorId) internal view returns (uint8 mode) {
        (, mode,,,,,,) = registry.getValidator(validatorId);
    }

    function blsKey(uint256 seed) internal pure returns (bytes memory k) {
        k = abi.encodePacked(keccak256(abi.encode("bls", seed)), bytes16(keccak256(abi.encode("bls tail", seed))));
        k[0] = bytes1((uint8(k[0]) & 0x1f) | 0x80); // compressed, not infinity
    }

    /// The validator's key from its PublicKeySet event (empty while it has none).
    function publicKeyOf(uint64 validatorId) internal returns (bytes memory pk) {
        if (registry.publicKeyBlock(validatorId) == 0) return pk;
        _drainLogs();
        pk = _keysSeen[validatorId];
        require(pk.length == 48, "fixture: PublicKeySet of the validator not recorded");
    }

    // ------------------------------------------------------------------ rounds

    function filled(uint256 length, uint256 seed) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i = 0; i < length; ++i) {
            out[i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i / 32))) >> (8 * (i % 32))));
        }
    }

    function commitmentsFor(uint8 threshold, uint256 seed) internal pure returns (bytes memory) {
        return filled(48 * uint256(threshold), seed);
    }

    function sharesFor(uint256 receivers, bool withEscrow, uint256 seed) internal pure returns (bytes memory) {
        return filled(33 + 60 * receivers + (withEscrow ? 60 : 0), seed + 1);
    }

    function roundOf(uint64 validatorId) internal view returns (RoundInfo memory) {
        return registry.getRound(validatorId, vRound(validatorId));
    }

    function deal(uint64 dealer, uint64 validatorId) internal {
        uint32 round = vRound(validatorId);
        RoundInfo memory info = registry.getRound(validatorId, round);
        (,, uint64[] memory receivers,) = registry.getRoundMembers(validatorId, round);
        vm.prank(addrOf(dealer));
        registry.submitDeal(
            validatorId,
            round,
            commitmentsFor(info.threshold, dealer),
            sharesFor(receivers.length, info.kind == RoundKind.Dkg, dealer)
        );
    }

    /// Posts the required deals (first dealers in list order), closing dealing.
    function dealAll(uint64 validatorId) internal {
        uint32 round = vRound(validatorId);
        RoundInfo memory info = registry.getRound(validatorId, round);
        (uint64[] memory dealers,,,) = registry.getRoundMembers(validatorId, round);
        for (uint256 i = 0; i < info.dealersRequired; ++i) {
            deal(dealers[i], validatorId);
        }
    }

    function ackAll(uint64 validatorId, bytes memory groupKey, bytes32 sharesHash) internal {
        uint32 round = vRound(validatorId);
        (,, uint64[] memory receivers,) = registry.getRoundMembers(validatorId, round);
        for (uint256 i = 0; i < receivers.length; ++i) {
            vm.prank(addrOf(receivers[i]));
            registry.ack(validatorId, round, groupKey, sharesHash);
        }
    }

    /// Runs the current round to completion with the validator's key (or a fresh one).
    function completeRound(uint64 validatorId) internal {
        bytes memory pk = publicKeyOf(validatorId);
        if (pk.length == 0) pk = blsKey(validatorId);
        uint32 round = vRound(validatorId);
        dealAll(validatorId);
        ackAll(validatorId, pk, keccak256(abi.encode("public shares", validatorId, round)));
        // The next round (a reshare away from an exiting holder) may have opened already.
        assertEq(
            uint256(registry.getRound(validatorId, round).status), uint256(RoundStatus.Completed), "round completed"
        );
    }

    // ------------------------------------------------------------------ deposits

    function signature(uint256 seed) internal pure returns (bytes memory) {
        return filled(96, seed + 7);
    }

    function depositRootFor(uint64 validatorId, bytes memory sig) internal returns (bytes32) {
        return depositContract.depositDataRoot(publicKeyOf(validatorId), abi.encodePacked(WC), AMOUNT_32_ETH_LE, sig);
    }

    function depositAs(uint64 operatorId, uint64 validatorId) internal {
        bytes memory sig = signature(validatorId);
        bytes32 root = depositRootFor(validatorId, sig);
        bytes memory pk = publicKeyOf(validatorId);
        vm.prank(addrOf(operatorId));
        registry.deposit(validatorId, pk, sig, root);
    }
}
