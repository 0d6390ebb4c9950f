// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TestBase} from "../base/TestBase.sol";
import {IDvtRegistry, IDvtRegistryEvents} from "../../src/IDvtRegistry.sol";
import {DevnetDepositContract} from "../../src/DevnetDepositContract.sol";
import {
    OperatorStatus,
    ValidatorStatus,
    ValidatorKind,
    RoundKind,
    RoundStatus,
    RoundInfo
} from "../../src/DvtTypes.sol";

/// @notice Drives random but well-formed sequences through the registry: operators come and go,
/// validators are requested, dealt, acked (now and then dishonestly), complained about,
/// restarted, deposited, promoted, converted and exited. Each action picks its actors from the
/// current state so that most calls are legal; the invariants are checked by RegistryInvariantsTest.
contract RegistryHandler is TestBase {
    IDvtRegistry public immutable registry;
    DevnetDepositContract public immutable depositContract;

    uint256 internal constant MAX_OPERATORS = 24;
    uint256 internal constant MAX_VALIDATORS = 40;
    bytes32 internal constant WC = bytes32(uint256(0x01) << 248 | uint256(0xc0ffee));
    bytes8 internal constant AMOUNT_32_ETH_LE = 0x0040597307000000;

    uint256 public deposits;
    uint256 public roundsCompleted;
    uint256 public reshares;
    uint256 public operatorExits;
    uint256 public draws;
    uint256 public replacements;
    uint256 public rulings;
    uint256 public duplicateKeysRefused;
    /// Validator => the members judged at fault in the round its owner restarted, until the draw that replaces them.
    mapping(uint64 => uint64[]) internal _atFault;
    mapping(bytes4 => uint256) public calls;

    constructor(IDvtRegistry registry_, DevnetDepositContract depositContract_) {
        registry = registry_;
        depositContract = depositContract_;
    }

    // ------------------------------------------------------------------ actions

    function registerOperator(uint256 seed) external {
        uint256 count = registry.operatorCount();
        if (count >= MAX_OPERATORS) return;
        address who = address(uint160(0x200000 + count + 1));
        bytes memory key = abi.encodePacked(bytes1(seed % 2 == 0 ? 0x02 : 0x03), keccak256(abi.encode(seed)));
        vm.prank(who);
        registry.registerOperator(key, "https://operator.example");
        calls[this.registerOperator.selector]++;
    }

    function requestValidator(uint256 opSeed, uint8 modeSeed, bool dkg) external {
        if (registry.validatorCount() >= MAX_VALIDATORS) return;
        uint64[] memory active = registry.activeOperators();
        if (active.length == 0) return;
        uint64 op = active[opSeed % active.length];
        uint8 mode = uint8(modeSeed % 5);
        // Favour 3-of-4 so that full rounds happen often with few operators.
        if (modeSeed % 2 == 0 && mode != 0) mode = 1;
        address who = _addr(op);
        vm.prevrandao(keccak256(abi.encode(opSeed, modeSeed)));
        vm.deal(who, 32 ether);
        vm.prank(who);
        registry.requestValidator{value: 32 ether}(mode, mode == 0 ? 0 : (dkg ? 2 : 1), WC);
        calls[this.requestValidator.selector]++;
    }

    /// Brings in an existing beacon-chain validator: no ETH moves, so the balance invariant must still hold.
    function importValidator(uint256 opSeed, uint8 modeSeed) external {
        if (registry.validatorCount() >= MAX_VALIDATORS) return;
        uint64[] memory active = registry.activeOperators();
        if (active.length == 0) return;
        uint64 op = active[opSeed % active.length];
        uint8 mode = uint8(modeSeed % 5);
        if (modeSeed % 2 == 0 && mode != 0) mode = 1;
        vm.prevrandao(keccak256(abi.encode(opSeed, modeSeed, "import")));
        bytes memory key = _blsKey(registry.validatorCount() + 1);
        vm.prank(_addr(op));
        registry.importValidator(key, mode, WC, 0, 0, 0);
        calls[this.importValidator.selector]++;
    }

    function setSoloPublicKey(uint256 vSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found) return;
        (uint64 owner,, ValidatorKind kind, ValidatorStatus status,,,,) = registry.getValidator(v);
        if (kind == ValidatorKind.Dvt || status != ValidatorStatus.Requested) return;
        vm.prank(_addr(owner));
        registry.setSoloPublicKey(v, _blsKey(v));
        calls[this.setSoloPublicKey.selector]++;
    }

    /// Posts up to four of the missing deals of one open round.
    function submitDeal(uint256 vSeed, uint256 dealerSeed) external {
        (bool found, uint64 v, uint32 round, RoundInfo memory r) = _roundIn(vSeed, RoundStatus.Dealing);
        if (!found) return;
        (uint64[] memory dealers, bool[] memory dealt, uint64[] memory receivers,) = registry.getRoundMembers(v, round);
        uint256 budget = 1 + dealerSeed % 4;
        for (uint256 k = 0; k < dealers.length && budget > 0; ++k) {
            uint256 i = (dealerSeed % dealers.length + k) % dealers.length;
            if (dealt[i]) continue;
            if (registry.getRound(v, round).status != RoundStatus.Dealing) return;
            vm.prank(_addr(dealers[i]));
            registry.submitDeal(
                v,
                round,
                new bytes(48 * uint256(r.threshold)),
                new bytes(33 + 60 * receivers.length + (r.kind == RoundKind.Dkg ? 60 : 0))
            );
            calls[this.submitDeal.selector]++;
            --budget;
        }
    }

    /// Posts up to four acks of one round; one ack in 64 disagrees, which must fail the round.
    function ack(uint256 vSeed, uint256 receiverSeed, uint8 honesty) external {
        (bool found, uint64 v, uint32 round,) = _roundIn(vSeed, RoundStatus.Acking);
        if (!found) return;
        (,, uint64[] memory receivers, bool[] memory acked) = registry.getRoundMembers(v, round);
        bytes memory key = keyOf(v);
        if (key.length == 0) key = _blsKey(v);
        uint256 budget = 1 + receiverSeed % 4;
        for (uint256 k = 0; k < receivers.length && budget > 0; ++k) {
            uint256 i = (receiverSeed % receivers.length + k) % receivers.length;
            if (acked[i]) continue;
            bytes32 sharesHash =
                (uint256(honesty) + k) % 64 == 0 ? bytes32(uint256(1 + k)) : keccak256(abi.encode(v, round));
            vm.prank(_addr(receivers[i]));
            registry.ack(v, round, key, sharesHash);
            calls[this.ack.selector]++;
            --budget;
            RoundStatus status = registry.getRound(v, round).status;
            if (status == RoundStatus.Completed) {
                roundsCompleted++;
                if (registry.getRound(v, round).kind == RoundKind.Reshare) reshares++;
            }
            if (status != RoundStatus.Acking) return;
        }
    }

    function complain(uint256 vSeed, uint256 seed) external {
        if (seed % 4 != 0) return; // rare
        (bool found, uint64 v, uint32 round, RoundInfo memory r) = _roundIn(vSeed, RoundStatus.Dealing);
        if (!found || r.dealtCount == 0) return;
        (uint64[] memory dealers, bool[] memory dealt, uint64[] memory receivers, bool[] memory acked) =
            registry.getRoundMembers(v, round);
        uint64 dealer;
        for (uint256 i = 0; i < dealers.length; ++i) {
            if (dealt[i]) dealer = dealers[i];
        }
        uint256 j = seed % receivers.length;
        if (acked[j]) return;
        vm.prank(_addr(receivers[j]));
        registry.complain(v, round, dealer, new bytes(97));
        calls[this.complain.selector]++;
    }

    /// Restarts a failed round, as its owner or (a reshare) as the leaving operator. Members judged at
    /// fault are remembered: the draw that follows must not bring them back.
    function restartRound(uint256 vSeed) external {
        (bool found, uint64 v, uint32 round, RoundInfo memory r) = _roundIn(vSeed, RoundStatus.Failed);
        if (!found || registry.pendingDraw(v) != 0) return;
        (uint64 owner,,, ValidatorStatus status,,,,) = registry.getValidator(v);
        if (!_live(status)) return;
        if (r.kind != RoundKind.Reshare) {
            (,, bool[] memory atFault) = registry.getRoundFaults(v, round);
            uint64[] memory holders = registry.getHolders(v);
            delete _atFault[v];
            for (uint256 i = 0; i < atFault.length; ++i) {
                if (!atFault[i]) continue;
                if (holders[i] == owner) {
                    // An owner at fault cannot be replaced on its own validator.
                    vm.prank(_addr(owner));
                    vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.OwnerAtFault.selector, v));
                    registry.restartRound(v);
                    return;
                }
                _atFault[v].push(holders[i]);
            }
        }
        bool asLeaver = r.kind == RoundKind.Reshare && vSeed % 2 == 0;
        vm.prank(_addr(asLeaver ? r.leavingOperatorId : owner));
        registry.restartRound(v);
        calls[this.restartRound.selector]++;
    }

    /// Draws the holders of a validator whose draw is due (a block later), checking that no member judged
    /// at fault in the restarted round comes back.
    function drawHolders(uint256 vSeed) external {
        uint64 count = registry.validatorCount();
        for (uint64 k = 0; k < count; ++k) {
            uint64 v = uint64(1 + (vSeed % count + k) % count);
            uint64 due = registry.pendingDraw(v);
            if (due == 0) continue;
            if (block.number < due) vm.roll(due);
            vm.prevrandao(keccak256(abi.encode(vSeed, "draw")));
            try registry.drawHolders(v) {}
            catch (bytes memory err) {
                require(bytes4(err) == IDvtRegistryEvents.NotEnoughOperators.selector, "draw: only too few candidates");
                return;
            }
            draws++;
            uint64[] memory holders = registry.getHolders(v);
            uint64[] memory excluded = _atFault[v];
            for (uint256 i = 0; i < excluded.length; ++i) {
                assertFalse(contains(holders, excluded[i]), "a member judged at fault is not drawn back");
                replacements++;
            }
            delete _atFault[v];
            calls[this.drawHolders.selector]++;
            return;
        }
    }

    /// The receivers other than the parties judge a complaint, all the same way (per round, by seed).
    function judgeComplaint(uint256 vSeed) external {
        (bool found, uint64 v, uint32 round,) = _roundIn(vSeed, RoundStatus.Failed);
        if (!found || registry.pendingDraw(v) != 0) return;
        (uint64 complainer, uint64 accused,) = registry.getRoundFaults(v, round);
        if (complainer == 0) return;
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v, round);
        bool dealerAtFault = uint256(keccak256(abi.encode(v, round))) % 2 == 0;
        for (uint256 i = 0; i < receivers.length; ++i) {
            uint64 judge = receivers[i];
            if (judge == complainer || judge == accused) continue;
            vm.prank(_addr(judge));
            try registry.judgeComplaint(v, round, dealerAtFault) {}
            catch (bytes memory err) {
                require(bytes4(err) == IDvtRegistryEvents.AlreadyJudged.selector, "judge: only a second ruling is refused");
            }
        }
        rulings++;
        calls[this.judgeComplaint.selector]++;
    }

    /// Tries to import the key of a live validator again: always refused, naming the holder.
    function importLiveKey(uint256 vSeed, uint256 opSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found || !_live(_status(v))) return;
        bytes memory key = keyOf(v);
        uint64[] memory active = registry.activeOperators();
        if (key.length == 0 || active.length == 0) return;
        vm.prank(_addr(active[opSeed % active.length]));
        vm.expectRevert(abi.encodeWithSelector(IDvtRegistryEvents.PublicKeyInUse.selector, v));
        registry.importValidator(key, 0, WC, 0, 0, 0);
        duplicateKeysRefused++;
    }

    /// Lets a day pass and expires a round that is still dealing or acking.
    function expireRound(uint256 vSeed, bool acking) external {
        if (vSeed % 4 != 0) return; // rare: most rounds should complete
        (bool found, uint64 v,,) = _roundIn(vSeed, acking ? RoundStatus.Acking : RoundStatus.Dealing);
        if (!found) return;
        vm.warp(block.timestamp + 1 days);
        registry.expireRound(v);
        calls[this.expireRound.selector]++;
    }

    function deposit(uint256 vSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found || _status(v) != ValidatorStatus.Ready) return;
        (uint64 by,,,,,,,) = registry.getValidator(v);
        bytes memory key = keyOf(v);
        bytes memory sig =
            abi.encodePacked(keccak256(abi.encode(v)), keccak256(abi.encode(v, 1)), keccak256(abi.encode(v, 2)));
        bytes32 root = depositContract.depositDataRoot(key, abi.encodePacked(WC), AMOUNT_32_ETH_LE, sig);
        vm.prank(_addr(by));
        registry.deposit(v, key, sig, root);
        deposits++;
        calls[this.deposit.selector]++;
    }

    function requestValidatorExit(uint256 vSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found || !_live(_status(v))) return;
        (uint64 owner,,,,,,,) = registry.getValidator(v);
        vm.prank(_addr(owner));
        registry.requestValidatorExit(v);
        calls[this.requestValidatorExit.selector]++;
    }

    function confirmValidatorExit(uint256 vSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found || _status(v) != ValidatorStatus.ExitRequested) return;
        (uint64 owner,,,,,,,) = registry.getValidator(v);
        vm.prank(_addr(owner));
        registry.confirmValidatorExit(v);
        calls[this.confirmValidatorExit.selector]++;
    }

    function requestOperatorExit(uint256 opSeed) external {
        uint64[] memory active = registry.activeOperators();
        // Keep a quorum around most of the time so that rounds and reshares keep happening.
        if (active.length <= 5 && opSeed % 8 != 0) return;
        if (active.length == 0) return;
        uint64 op = active[opSeed % active.length];
        vm.prevrandao(keccak256(abi.encode(opSeed)));
        vm.prank(_addr(op));
        registry.requestOperatorExit();
        operatorExits++;
        calls[this.requestOperatorExit.selector]++;
    }

    function processOperatorExit(uint256 opSeed, uint8 steps) external {
        uint64 count = registry.operatorCount();
        if (count == 0) return;
        uint64 op = uint64(1 + opSeed % count);
        (, OperatorStatus status,,,) = registry.getOperator(op);
        if (status != OperatorStatus.Exiting) return;
        registry.processOperatorExit(op, 1 + steps % 4);
        calls[this.processOperatorExit.selector]++;
    }

    function promoteStaged(uint256 vSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found) return;
        (uint64 owner, uint8 mode, ValidatorKind kind,,,,,) = registry.getValidator(v);
        if (kind != ValidatorKind.Staged) return;
        (, OperatorStatus ownerStatus,,,) = registry.getOperator(owner);
        (, uint8 n) = registry.modeParameters(mode);
        if (ownerStatus != OperatorStatus.Active || registry.activeOperatorCount() < n) return;
        registry.promoteStaged(v);
        calls[this.promoteStaged.selector]++;
    }

    function convert(uint256 vSeed, uint8 modeSeed) external {
        (bool found, uint64 v) = _validator(vSeed);
        if (!found || !_live(_status(v))) return;
        (uint64 owner,, ValidatorKind kind,,,,,) = registry.getValidator(v);
        (, OperatorStatus ownerStatus,,,) = registry.getOperator(owner);
        delete _atFault[v]; // a conversion starts afresh: a later draw may pick anyone
        vm.prank(_addr(owner));
        if (kind == ValidatorKind.Solo) {
            if (ownerStatus != OperatorStatus.Active) return;
            registry.convertToDvt(v, uint8(1 + modeSeed % 4));
        } else {
            if (modeSeed % 4 != 0) return; // rare: undoes work
            registry.convertToSolo(v);
        }
        calls[this.convert.selector]++;
    }

    // ------------------------------------------------------------------ helpers

    function _addr(uint64 op) internal view returns (address who) {
        (who,,,,) = registry.getOperator(op);
    }

    function _status(uint64 v) internal view returns (ValidatorStatus status) {
        (,,, status,,,,) = registry.getValidator(v);
    }

    function _live(ValidatorStatus s) internal pure returns (bool) {
        return s == ValidatorStatus.Requested || s == ValidatorStatus.Ready || s == ValidatorStatus.Deposited;
    }

    function _validator(uint256 seed) internal view returns (bool, uint64) {
        uint64 count = registry.validatorCount();
        if (count == 0) return (false, 0);
        return (true, uint64(1 + seed % count));
    }

    /// A validator (searching from the seed) whose current round has the given status.
    function _roundIn(uint256 seed, RoundStatus wanted)
        internal
        view
        returns (bool found, uint64 v, uint32 round, RoundInfo memory r)
    {
        uint64 count = registry.validatorCount();
        for (uint64 k = 0; k < count; ++k) {
            v = uint64(1 + (seed % count + k) % count);
            (,,,,, round,,) = registry.getValidator(v);
            if (round == 0) continue;
            r = registry.getRound(v, round);
            if (r.status == wanted) return (true, v, round, r);
        }
        return (false, 0, 0, r);
    }

    /// The validator's key: the handler only ever sets _blsKey(v) as validator v's key (acks, imports,
    /// solo keys); the registry keeps the key in events only and says whether it has one.
    function keyOf(uint64 v) public view returns (bytes memory) {
        return registry.publicKeyBlock(v) == 0 ? bytes("") : _blsKey(v);
    }

    function _blsKey(uint64 v) internal pure returns (bytes memory k) {
        k = abi.encodePacked(keccak256(abi.encode("bls", v)), bytes16(keccak256(abi.encode("tail", v))));
        k[0] = bytes1((uint8(k[0]) & 0x1f) | 0x80);
    }
}
