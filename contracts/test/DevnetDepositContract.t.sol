// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {TestBase} from "./base/TestBase.sol";
import {Vm} from "./base/Vm.sol";
import {SszDepositRoot} from "./SszDepositRoot.sol";
import {DevnetDepositContract} from "../src/DevnetDepositContract.sol";
import {IDepositContract} from "../src/IDepositContract.sol";
import {IDvtRegistry} from "../src/IDvtRegistry.sol";

contract DevnetDepositContractTest is TestBase {
    DevnetDepositContract internal dc;

    /// get_deposit_root() of the mainnet deposit contract before its first deposit.
    bytes32 internal constant EMPTY_TREE_ROOT = 0xd70a234731285c6804c2a4f56711ddb8c82c99740f207854891028af34e27e5e;
    bytes8 internal constant AMOUNT_32_ETH_LE = 0x0040597307000000;

    function setUp() public {
        dc = new DevnetDepositContract();
    }

    function pubkey(uint256 seed) internal pure returns (bytes memory) {
        return abi.encodePacked(keccak256(abi.encode("pk", seed)), bytes16(keccak256(abi.encode("pk2", seed))));
    }

    function sig(uint256 seed) internal pure returns (bytes memory) {
        return abi.encodePacked(
            keccak256(abi.encode("s", seed)), keccak256(abi.encode("s2", seed)), keccak256(abi.encode("s3", seed))
        );
    }

    function creds(uint256 seed) internal pure returns (bytes32) {
        return keccak256(abi.encode("wc", seed));
    }

    function doDeposit(uint256 seed, uint256 value) internal returns (bytes32 root) {
        root = SszDepositRoot.depositDataRoot(pubkey(seed), creds(seed), uint64(value / 1 gwei), sig(seed));
        vm.deal(address(this), value);
        dc.deposit{value: value}(pubkey(seed), abi.encodePacked(creds(seed)), sig(seed), root);
    }

    // ------------------------------------------------------------------ tree and counters

    function test_emptyTreeRootMatchesTheBeaconContract() public view {
        assertEq(dc.get_deposit_root(), EMPTY_TREE_ROOT, "empty deposit root");
        assertEq(dc.get_deposit_count(), hex"0000000000000000", "empty count");
    }

    function test_rootAndCountFollowEachDeposit() public {
        bytes32[] memory leaves = new bytes32[](7);
        for (uint256 i = 0; i < 7; ++i) {
            leaves[i] = doDeposit(i, 32 ether);
            bytes32[] memory sofar = new bytes32[](i + 1);
            for (uint256 k = 0; k <= i; ++k) {
                sofar[k] = leaves[k];
            }
            assertEq(dc.get_deposit_root(), SszDepositRoot.depositTreeRoot(sofar), "root after deposit");
            assertEq(dc.get_deposit_count(), abi.encodePacked(bytes8(uint64(i + 1) << 56)), "little-endian count");
        }
        assertEq(address(dc).balance, 7 * 32 ether, "balance");
    }

    function test_emitsDepositEventWithLittleEndianAmountAndIndex() public {
        doDeposit(1, 32 ether);
        bytes32 root = SszDepositRoot.depositDataRoot(pubkey(2), creds(2), 1 ether / 1 gwei, sig(2));
        vm.deal(address(this), 1 ether);
        vm.expectEmit(true, true, true, true, address(dc));
        emit IDepositContract.DepositEvent(
            pubkey(2), abi.encodePacked(creds(2)), hex"00ca9a3b00000000", sig(2), hex"0100000000000000"
        );
        dc.deposit{value: 1 ether}(pubkey(2), abi.encodePacked(creds(2)), sig(2), root);
    }

    function test_supportsInterface() public view {
        assertTrue(dc.supportsInterface(0x01ffc9a7), "erc165");
        assertTrue(dc.supportsInterface(type(IDepositContract).interfaceId), "deposit interface");
        assertFalse(dc.supportsInterface(0xffffffff), "0xffffffff");
    }

    // ------------------------------------------------------------------ refusals

    function test_refusesBadLengths() public {
        bytes32 root = SszDepositRoot.depositDataRoot(pubkey(1), creds(1), 32e9, sig(1));
        vm.deal(address(this), 100 ether);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.InvalidPublicKeyLength.selector, 47));
        dc.deposit{value: 32 ether}(new bytes(47), abi.encodePacked(creds(1)), sig(1), root);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.InvalidWithdrawalCredentialsLength.selector, 31));
        dc.deposit{value: 32 ether}(pubkey(1), new bytes(31), sig(1), root);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.InvalidSignatureLength.selector, 95));
        dc.deposit{value: 32 ether}(pubkey(1), abi.encodePacked(creds(1)), new bytes(95), root);
    }

    function test_refusesBadValues() public {
        vm.deal(address(this), 100 ether);
        bytes32 root = SszDepositRoot.depositDataRoot(pubkey(1), creds(1), 32e9, sig(1));
        vm.expectRevert(
            abi.encodeWithSelector(DevnetDepositContract.DepositTooSmall.selector, 1 ether - 1 gwei, 1 ether)
        );
        dc.deposit{value: 1 ether - 1 gwei}(pubkey(1), abi.encodePacked(creds(1)), sig(1), root);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.DepositNotGweiMultiple.selector, 32 ether + 1));
        dc.deposit{value: 32 ether + 1}(pubkey(1), abi.encodePacked(creds(1)), sig(1), root);
        uint256 tooMuch = (uint256(type(uint64).max) + 1) * 1 gwei;
        vm.deal(address(this), tooMuch);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.DepositTooLarge.selector, tooMuch));
        dc.deposit{value: tooMuch}(pubkey(1), abi.encodePacked(creds(1)), sig(1), root);
    }

    function test_refusesWrongRootNamingBoth() public {
        bytes32 root = SszDepositRoot.depositDataRoot(pubkey(1), creds(1), 32e9, sig(1));
        bytes32 wrong = root ^ bytes32(uint256(1));
        vm.deal(address(this), 32 ether);
        vm.expectRevert(abi.encodeWithSelector(DevnetDepositContract.DepositDataRootMismatch.selector, wrong, root));
        dc.deposit{value: 32 ether}(pubkey(1), abi.encodePacked(creds(1)), sig(1), wrong);
        assertEq(dc.get_deposit_count(), hex"0000000000000000", "nothing counted");
    }

    function test_refusesADepositBeyondTheTreeCapacity() public {
        // Storage: _branch[32] at 0..31, _zeroHashes[32] at 32..63, _depositCount at 64.
        assertEq(vm.load(address(dc), bytes32(uint256(64))), bytes32(0), "count slot located");
        doDeposit(1, 1 ether);
        assertEq(vm.load(address(dc), bytes32(uint256(64))), bytes32(uint256(1)), "count slot holds the count");
        vm.store(address(dc), bytes32(uint256(64)), bytes32(uint256(2 ** 32 - 1)));
        bytes32 root = SszDepositRoot.depositDataRoot(pubkey(2), creds(2), 32e9, sig(2));
        vm.deal(address(this), 32 ether);
        vm.expectRevert(DevnetDepositContract.DepositTreeFull.selector);
        dc.deposit{value: 32 ether}(pubkey(2), abi.encodePacked(creds(2)), sig(2), root);
    }

    // ------------------------------------------------------------------ fuzz

    function testFuzz_acceptsTheSszRootAndRefusesAnyOther(
        bytes32 pkHead,
        bytes16 pkTail,
        bytes32 wc,
        bytes32 s0,
        bytes32 s1,
        bytes32 s2,
        uint64 gweiAmount,
        bytes32 flip
    ) public {
        gweiAmount = uint64(bound(gweiAmount, 1e9, type(uint64).max));
        vm.assume(flip != bytes32(0));
        bytes memory pk = abi.encodePacked(pkHead, pkTail);
        bytes memory signature = abi.encodePacked(s0, s1, s2);
        bytes32 root = SszDepositRoot.depositDataRoot(pk, wc, gweiAmount, signature);
        uint256 value = uint256(gweiAmount) * 1 gwei;
        vm.deal(address(this), value * 2);
        vm.expectRevert(
            abi.encodeWithSelector(DevnetDepositContract.DepositDataRootMismatch.selector, root ^ flip, root)
        );
        dc.deposit{value: value}(pk, abi.encodePacked(wc), signature, root ^ flip);
        dc.deposit{value: value}(pk, abi.encodePacked(wc), signature, root);
        bytes32[] memory leaves = new bytes32[](1);
        leaves[0] = root;
        assertEq(dc.get_deposit_root(), SszDepositRoot.depositTreeRoot(leaves), "tree root");
    }

    function testFuzz_littleEndianCountMatchesDepositIndex(uint8 count) public {
        count = uint8(bound(count, 0, 40));
        for (uint256 i = 0; i < count; ++i) {
            doDeposit(i, 1 ether);
        }
        bytes memory le = dc.get_deposit_count();
        uint256 decoded;
        for (uint256 b = 0; b < 8; ++b) {
            decoded |= uint256(uint8(le[b])) << (8 * b);
        }
        assertEq(decoded, count, "count");
    }
}

/// @notice Every deposit_data file of the official staking-deposit-cli under $DVT_VECTORS/deposit:
/// each entry's root must be accepted, and the same entry with any one field altered refused.
contract DepositVectorsTest is TestBase {
    struct Entry {
        bytes pubkey;
        bytes credentials;
        uint256 amountGwei;
        bytes signature;
        bytes32 root;
    }

    /// $DVT_VECTORS/deposit (default ../shared/vectors/deposit). Missing: fails under CI=true, else
    /// skips the test with the reason. Outside fs_permissions: fails, since it was asked for explicitly.
    function depositVectorsFolder() internal returns (bool present, string memory folder) {
        string memory root = vm.envOr("DVT_VECTORS", string("../shared/vectors"));
        folder = string.concat(root, "/deposit");
        try vm.exists(folder) returns (bool found) {
            present = found;
        } catch {
            fail(
                string.concat(
                    "DVT_VECTORS folder ",
                    folder,
                    " is outside foundry.toml's fs_permissions; add it there to run this test"
                )
            );
        }
        if (!present) {
            string memory reason = string.concat("deposit vectors missing at ", folder, " (set DVT_VECTORS)");
            if (vm.envOr("CI", false)) fail(reason);
            log(reason);
            vm.skip(true, reason);
        }
    }

    function test_everyDepositDataFileAndEntry() public {
        (bool present, string memory folder) = depositVectorsFolder();
        if (!present) return;
        Vm.DirEntry[] memory entries = vm.readDir(folder, 3);
        uint256 files;
        uint256 deposits;
        for (uint256 f = 0; f < entries.length; ++f) {
            if (entries[f].isDir || !endsWith(entries[f].path, ".json")) continue;
            files += 1;
            deposits += checkFile(entries[f].path);
        }
        log(string.concat("deposit vectors: ", vm.toString(files), " files, ", vm.toString(deposits), " deposits"));
        assertGe(files, 1, "deposit_data files found");
        assertGe(deposits, files, "entries found");
    }

    /// The registry end to end with real deposit data: a solo validator per entry, with that entry's
    /// credentials and public key, deposited with its signature and root through the registry.
    function test_theRegistryDepositsEveryVectorEntry() public {
        (bool present, string memory folder) = depositVectorsFolder();
        if (!present) return;
        DevnetDepositContract dc = new DevnetDepositContract();
        IDvtRegistry registry = deployRegistry(address(dc));
        address owner = address(0xB0B);
        vm.prank(owner);
        registry.registerOperator(abi.encodePacked(bytes1(0x02), bytes32(uint256(1))), "https://owner.example");
        Vm.DirEntry[] memory entries = vm.readDir(folder, 3);
        uint256 deposited;
        for (uint256 f = 0; f < entries.length; ++f) {
            if (entries[f].isDir || !endsWith(entries[f].path, ".json")) continue;
            string memory json = vm.readFile(entries[f].path);
            for (uint256 i = 0; vm.keyExistsJson(json, string.concat("$[", vm.toString(i), "]")); ++i) {
                Entry memory e = readEntry(json, i);
                if (e.amountGwei != 32e9) continue; // the registry deposits exactly 32 ETH
                if (registry.validatorOfPublicKey(e.pubkey) != 0) continue; // a live key exists once
                vm.deal(owner, 32 ether);
                vm.startPrank(owner);
                uint64 v = registry.requestValidator{value: 32 ether}(0, 0, bytes32(e.credentials));
                registry.setSoloPublicKey(v, e.pubkey);
                vm.expectEmit(true, true, true, true, address(dc));
                emit IDepositContract.DepositEvent(
                    e.pubkey, e.credentials, hex"0040597307000000", e.signature, abi.encodePacked(_le64(deposited))
                );
                registry.deposit(v, e.pubkey, e.signature, e.root);
                vm.stopPrank();
                ++deposited;
            }
        }
        log(string.concat("registry deposits from vectors: ", vm.toString(deposited)));
        assertEq(address(dc).balance, deposited * 32 ether, "all forwarded");
        assertGe(deposited, 1, "some entries deposited");
    }

    function _le64(uint256 value) internal pure returns (bytes8 out) {
        for (uint256 b = 0; b < 8; ++b) {
            out |= bytes8(bytes1(uint8(value >> (8 * b)))) >> (8 * b);
        }
    }

    function checkFile(string memory path) internal returns (uint256 count) {
        string memory json = vm.readFile(path);
        DevnetDepositContract dc = new DevnetDepositContract();
        bytes32[] memory leaves = new bytes32[](64);
        for (; vm.keyExistsJson(json, string.concat("$[", vm.toString(count), "]")); ++count) {
            Entry memory e = readEntry(json, count);
            checkAltered(dc, e, path);
            uint256 value = e.amountGwei * 1 gwei;
            vm.deal(address(this), value);
            dc.deposit{value: value}(e.pubkey, e.credentials, e.signature, e.root);
            leaves[count] = e.root;
        }
        assembly ("memory-safe") {
            mstore(leaves, count)
        }
        assertEq(dc.get_deposit_root(), SszDepositRoot.depositTreeRoot(leaves), string.concat("tree root of ", path));
    }

    function readEntry(string memory json, uint256 i) internal pure returns (Entry memory e) {
        string memory prefix = string.concat("$[", vm.toString(i), "].");
        e.pubkey = hexField(json, string.concat(prefix, "pubkey"));
        e.credentials = hexField(json, string.concat(prefix, "withdrawal_credentials"));
        e.signature = hexField(json, string.concat(prefix, "signature"));
        e.root = bytes32(hexField(json, string.concat(prefix, "deposit_data_root")));
        e.amountGwei = vm.parseJsonUint(json, string.concat(prefix, "amount"));
    }

    function hexField(string memory json, string memory key) internal pure returns (bytes memory) {
        return vm.parseBytes(string.concat("0x", vm.parseJsonString(json, key)));
    }

    /// One byte changed in each field, and a different amount: all refused before the real deposit.
    function checkAltered(DevnetDepositContract dc, Entry memory e, string memory path) internal {
        uint256 value = e.amountGwei * 1 gwei;
        vm.deal(address(this), value + 1 ether);
        for (uint256 field = 0; field < 5; ++field) {
            Entry memory a = Entry(clone(e.pubkey), clone(e.credentials), e.amountGwei, clone(e.signature), e.root);
            uint256 sent = value;
            if (field == 0) a.pubkey[47] ^= 0x01;
            else if (field == 1) a.credentials[31] ^= 0x01;
            else if (field == 2) a.signature[70] ^= 0x01;
            else if (field == 3) a.root ^= bytes32(uint256(1) << 128);
            else sent = value + 1 ether;
            (bool ok, bytes memory ret) = address(dc).call{value: sent}(
                abi.encodeCall(IDepositContract.deposit, (a.pubkey, a.credentials, a.signature, a.root))
            );
            assertFalse(ok, string.concat("altered field ", vm.toString(field), " accepted in ", path));
            assertEq(bytes4(ret), DevnetDepositContract.DepositDataRootMismatch.selector, "refused for the root");
        }
    }

    function clone(bytes memory b) internal pure returns (bytes memory) {
        return abi.encodePacked(b);
    }
}
