// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TestBase} from "../base/TestBase.sol";
import {RegistryHandler} from "./RegistryHandler.sol";
import {IDvtRegistry} from "../../src/IDvtRegistry.sol";
import {DevnetDepositContract} from "../../src/DevnetDepositContract.sol";
import {
    OperatorStatus,
    ValidatorStatus,
    ValidatorKind,
    RoundKind,
    RoundStatus,
    RoundInfo
} from "../../src/DvtTypes.sol";

/// @notice Whatever sequence the handler drives, the registry's books stay consistent:
/// funds, custody (who holds what), operator counters and lists, and exit progress.
contract RegistryInvariantsTest is TestBase {
    IDvtRegistry internal registry;
    DevnetDepositContract internal depositContract;
    RegistryHandler internal handler;

    function setUp() public {
        depositContract = new DevnetDepositContract();
        registry = deployRegistry(address(depositContract));
        handler = new RegistryHandler(registry, depositContract);
        // Start from a few operators so that the first runs already see DVT validators.
        for (uint256 i = 0; i < 6; ++i) {
            handler.registerOperator(i);
        }
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    struct Tally {
        uint256 funded;
        uint256[] others; // per operator: shares of others' validators, held or promised
        uint256[] listed; // per operator: validators it is listed under
        uint256[] ownedLive;
        uint256[3] kinds;
    }

    function invariant_registryBooksAreConsistent() public view {
        uint64 validators = registry.validatorCount();
        uint64 operators = registry.operatorCount();
        Tally memory t;
        t.others = new uint256[](operators + 1);
        t.listed = new uint256[](operators + 1);
        t.ownedLive = new uint256[](operators + 1);
        for (uint64 v = 1; v <= validators; ++v) {
            _checkValidator(v, t);
        }

        assertEq(address(registry).balance, t.funded * 32 ether, "registry balance = 32 ETH x validators funded");
        assertEq(address(depositContract).balance, handler.deposits() * 32 ether, "deposit contract balance");
        for (uint8 k = 0; k < 3; ++k) {
            (, uint256 total) = registry.validatorsByKind(ValidatorKind(k), 0, 0);
            assertEq(total, t.kinds[k], "kind lists match the validators");
        }
        _checkOperators(operators, t);
    }

    function _checkValidator(uint64 v, Tally memory t) internal view {
        (uint64 owner, uint8 mode, ValidatorKind kind, ValidatorStatus status,, uint32 round,, bool funds) =
            registry.getValidator(v);
        t.kinds[uint8(kind)]++;
        if (funds) t.funded++;
        bool live = status == ValidatorStatus.Requested || status == ValidatorStatus.Ready
            || status == ValidatorStatus.Deposited;
        if (live) t.ownedLive[owner]++;
        uint64[] memory holders = registry.getHolders(v);
        if (status == ValidatorStatus.Exited) {
            assertEq(holders.length, 0, "an exited validator has no holders");
            return;
        }
        if (live) {
            bytes memory key = handler.keyOf(v);
            if (key.length != 0) assertEq(registry.validatorOfPublicKey(key), v, "a live key exists once, held by v");
        }
        if (kind == ValidatorKind.Dvt) {
            (, uint8 n) = registry.modeParameters(mode);
            if (registry.pendingDraw(v) == 0) assertEq(holders.length, n, "a DVT validator has n holders");
            else assertTrue(holders.length < n, "holders still to be drawn");
            assertTrue(contains(holders, owner), "the owner holds a share");
        } else {
            assertEq(holders.length, 1, "solo/staged: one holder");
            assertEq(holders[0], owner, "solo/staged: the owner");
            if (kind == ValidatorKind.Staged) assertTrue(live, "staged implies live");
        }
        for (uint256 i = 0; i < holders.length; ++i) {
            for (uint256 k = 0; k < i; ++k) {
                assertTrue(holders[i] != holders[k], "distinct holders");
            }
            t.listed[holders[i]]++;
            if (holders[i] != owner) {
                t.others[holders[i]]++;
                (, OperatorStatus hs,,,) = registry.getOperator(holders[i]);
                assertTrue(hs != OperatorStatus.Exited, "no exited operator holds a share of another's validator");
            }
        }
        if (round != 0 && registry.pendingDraw(v) == 0) _checkRound(v, round, holders, t.others);
    }

    function _checkRound(uint64 v, uint32 round, uint64[] memory holders, uint256[] memory others) internal view {
        RoundInfo memory r = registry.getRound(v, round);
        assertLe(r.dealtCount, r.dealersRequired, "never more deals than required");
        bool open = r.status == RoundStatus.Dealing || r.status == RoundStatus.Acking || r.status == RoundStatus.Failed;
        // Members of an open or failed round always derive from the holders; a closed round's
        // may have moved on (then they are in its RoundStarted event).
        if (!open) return;
        (uint64[] memory dealers,, uint64[] memory receivers,) = registry.getRoundMembers(v, round);
        assertEq(receivers.length, holders.length, "n receivers");
        assertLe(r.ackCount, receivers.length, "never more acks than receivers");
        if (r.kind == RoundKind.Dkg) assertEq(dealers, receivers, "dkg: all deal");
        if (r.kind == RoundKind.Split) assertEq(dealers.length, 1, "split: the owner deals");
        if (r.kind == RoundKind.Reshare) {
            // The newcomer is counted as holding while the reshare is under way.
            for (uint256 i = 0; i < receivers.length; ++i) {
                if (!contains(holders, receivers[i])) others[receivers[i]]++;
            }
            assertFalse(contains(receivers, r.leavingOperatorId), "the leaver receives nothing");
            assertEq(dealers.length, holders.length - 1, "every remaining holder deals");
        }
    }

    function _checkOperators(uint64 operators, Tally memory t) internal view {
        uint64[] memory active = registry.activeOperators();
        uint256 activeCount;
        for (uint64 op = 1; op <= operators; ++op) {
            (, OperatorStatus status, uint32 liveOwned, uint32 sharesOfOthers, uint256 heldCount) =
                registry.getOperator(op);
            assertEq(sharesOfOthers, t.others[op], "shares of others (held + promised)");
            assertEq(heldCount, t.listed[op], "validators listed by operator");
            assertEq(liveOwned, t.ownedLive[op], "live owned validators");
            assertEq(contains(active, op), status == OperatorStatus.Active, "active list = active operators");
            if (status == OperatorStatus.Active) activeCount++;
            if (status == OperatorStatus.Exited) {
                assertEq(liveOwned + sharesOfOthers, 0, "an exited operator owes nothing");
            }
            if (status == OperatorStatus.Exiting && registry.operatorExitBacklog(op) == 0) {
                assertEq(liveOwned, 0, "exit processed: own validators exit-requested");
                assertTrue(sharesOfOthers > 0, "exiting with nothing left would have exited");
            }
        }
        assertEq(active.length, activeCount, "no duplicates in the active list");
        _checkProgress(operators);
    }

    /// A live DVT validator resting on a completed round never keeps a processed leaver as holder:
    /// its reshare must be under way.
    function _checkProgress(uint64 operators) internal view {
        uint64 validators = registry.validatorCount();
        for (uint64 v = 1; v <= validators; ++v) {
            (uint64 owner,, ValidatorKind kind, ValidatorStatus status,, uint32 round,,) = registry.getValidator(v);
            if (
                kind != ValidatorKind.Dvt || status == ValidatorStatus.ExitRequested || status == ValidatorStatus.Exited
            ) {
                continue;
            }
            if (registry.getRound(v, round).status != RoundStatus.Completed) continue;
            uint64[] memory holders = registry.getHolders(v);
            for (uint256 i = 0; i < holders.length; ++i) {
                if (holders[i] == owner || holders[i] > operators) continue;
                (, OperatorStatus hs,,,) = registry.getOperator(holders[i]);
                if (hs == OperatorStatus.Exiting) {
                    assertTrue(
                        registry.operatorExitBacklog(holders[i]) > 0, "a processed leaver is being reshared away"
                    );
                }
            }
        }
    }

    /// Not part of the campaign: a long seeded walk through the same handler, with the invariant
    /// checked after every step, asserting that the walk reaches the deep paths (completed
    /// rounds, deposits, reshares, operator exits) so that the campaign above can too.
    function test_aLongSeededWalkReachesTheDeepPaths() public {
        uint256 seed = 42;
        for (uint256 step = 0; step < 600; ++step) {
            seed = uint256(keccak256(abi.encode(seed)));
            uint256 a = seed >> 128;
            uint256 b = uint128(seed);
            uint256 action = seed % 26;
            if (action == 0) handler.registerOperator(a);
            else if (action <= 2) handler.requestValidator(a, uint8(b), b % 2 == 0);
            else if (action == 3) handler.setSoloPublicKey(a);
            else if (action <= 6) handler.submitDeal(a, b);
            else if (action <= 9) handler.ack(a, b, uint8(b >> 8));
            else if (action == 10) handler.complain(a, b);
            else if (action == 11) handler.restartRound(a);
            else if (action == 12) handler.deposit(a);
            else if (action == 13) handler.requestValidatorExit(a);
            else if (action == 14) handler.confirmValidatorExit(a);
            else if (action == 15) handler.requestOperatorExit(a);
            else if (action == 16) handler.processOperatorExit(a, uint8(b));
            else if (action == 17) handler.expireRound(a, b % 2 == 0);
            else if (action == 18) handler.promoteStaged(a);
            else if (action == 19) handler.convert(a, uint8(b));
            else if (action <= 21) handler.drawHolders(a);
            else if (action == 22) handler.judgeComplaint(a);
            else if (action == 23) handler.deposit(a);
            else if (action == 24) handler.ack(a, b, uint8(b >> 8));
            else handler.importLiveKey(a, b);
            this.invariant_registryBooksAreConsistent(); // external: frees the memory of each check
        }
        log(
            string.concat(
                "validators ",
                vm.toString(uint256(registry.validatorCount())),
                ", operators ",
                vm.toString(uint256(registry.operatorCount())),
                ", completed rounds ",
                vm.toString(handler.roundsCompleted()),
                ", deposits ",
                vm.toString(handler.deposits()),
                ", operator exits ",
                vm.toString(handler.operatorExits()),
                ", reshares completed ",
                vm.toString(handler.reshares()),
                ", restarts ",
                vm.toString(handler.calls(RegistryHandler.restartRound.selector)),
                ", draws ",
                vm.toString(handler.draws()),
                ", rulings ",
                vm.toString(handler.rulings()),
                ", members replaced ",
                vm.toString(handler.replacements()),
                ", duplicate keys refused ",
                vm.toString(handler.duplicateKeysRefused())
            )
        );
        assertGe(handler.roundsCompleted(), 5, "rounds completed");
        assertGe(handler.deposits(), 3, "deposits");
        assertGe(handler.operatorExits(), 3, "operator exits");
        assertGe(handler.reshares(), 3, "reshares completed");
        assertGe(handler.draws(), 5, "draws");
        assertGe(handler.duplicateKeysRefused(), 1, "duplicate keys refused");
    }
}
