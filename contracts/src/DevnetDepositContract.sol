// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IDepositContract} from "./IDepositContract.sol";

/// @title DevnetDepositContract
/// @notice A deposit contract for local devnets that behaves like the beacon chain's: it recomputes
/// deposit_data_root as the SSZ hash_tree_root of DepositData(pubkey, withdrawal_credentials,
/// amount in gwei, signature) with sha256 and refuses a deposit whose given root differs, emits
/// DepositEvent with little-endian amount and index, and keeps the depth-32 incremental Merkle
/// tree whose root (mixed with the count) is get_deposit_root(). Signatures are not verified,
/// as on mainnet: the beacon chain does that.
contract DevnetDepositContract is IDepositContract {
    uint256 private constant TREE_DEPTH = 32;
    uint256 private constant MAX_DEPOSIT_COUNT = 2 ** TREE_DEPTH - 1;
    uint256 private constant PUBKEY_LENGTH = 48;
    uint256 private constant CREDENTIALS_LENGTH = 32;
    uint256 private constant SIGNATURE_LENGTH = 96;
    uint256 private constant MIN_DEPOSIT = 1 ether;

    error InvalidPublicKeyLength(uint256 length);
    error InvalidWithdrawalCredentialsLength(uint256 length);
    error InvalidSignatureLength(uint256 length);
    error DepositTooSmall(uint256 value, uint256 minimum);
    error DepositNotGweiMultiple(uint256 value);
    error DepositTooLarge(uint256 value);
    error DepositDataRootMismatch(bytes32 given, bytes32 computed);
    error DepositTreeFull();

    /// Left siblings of the path to the next leaf, one per level.
    bytes32[TREE_DEPTH] private _branch;
    /// _zeroHashes[h] = root of an empty subtree of height h.
    bytes32[TREE_DEPTH] private _zeroHashes;
    uint256 private _depositCount;

    constructor() {
        for (uint256 h = 0; h < TREE_DEPTH - 1; ++h) {
            _zeroHashes[h + 1] = sha256(abi.encodePacked(_zeroHashes[h], _zeroHashes[h]));
        }
    }

    /// @inheritdoc IDepositContract
    function get_deposit_root() external view override returns (bytes32) {
        bytes32 node;
        uint256 size = _depositCount;
        for (uint256 h = 0; h < TREE_DEPTH; ++h) {
            if (size & 1 == 1) node = sha256(abi.encodePacked(_branch[h], node));
            else node = sha256(abi.encodePacked(node, _zeroHashes[h]));
            size >>= 1;
        }
        return sha256(abi.encodePacked(node, _littleEndian64(uint64(_depositCount)), bytes24(0)));
    }

    /// @inheritdoc IDepositContract
    function get_deposit_count() external view override returns (bytes memory) {
        return abi.encodePacked(_littleEndian64(uint64(_depositCount)));
    }

    /// @inheritdoc IDepositContract
    function deposit(
        bytes calldata pubkey,
        bytes calldata withdrawal_credentials,
        bytes calldata signature,
        bytes32 deposit_data_root
    ) external payable override {
        if (pubkey.length != PUBKEY_LENGTH) revert InvalidPublicKeyLength(pubkey.length);
        if (withdrawal_credentials.length != CREDENTIALS_LENGTH) {
            revert InvalidWithdrawalCredentialsLength(withdrawal_credentials.length);
        }
        if (signature.length != SIGNATURE_LENGTH) revert InvalidSignatureLength(signature.length);
        if (msg.value < MIN_DEPOSIT) revert DepositTooSmall(msg.value, MIN_DEPOSIT);
        if (msg.value % 1 gwei != 0) revert DepositNotGweiMultiple(msg.value);
        uint256 gweiAmount = msg.value / 1 gwei;
        if (gweiAmount > type(uint64).max) revert DepositTooLarge(msg.value);

        bytes8 amount = _littleEndian64(uint64(gweiAmount));
        uint256 index = _depositCount;
        emit DepositEvent(
            pubkey,
            withdrawal_credentials,
            abi.encodePacked(amount),
            signature,
            abi.encodePacked(_littleEndian64(uint64(index)))
        );

        bytes32 computed = depositDataRoot(pubkey, withdrawal_credentials, amount, signature);
        if (computed != deposit_data_root) revert DepositDataRootMismatch(deposit_data_root, computed);
        if (index >= MAX_DEPOSIT_COUNT) revert DepositTreeFull();

        uint256 size = index + 1;
        _depositCount = size;
        bytes32 node = computed;
        for (uint256 h = 0; h < TREE_DEPTH; ++h) {
            if (size & 1 == 1) {
                _branch[h] = node;
                return;
            }
            node = sha256(abi.encodePacked(_branch[h], node));
            size >>= 1;
        }
        // The count check above makes a full walk without a free slot impossible.
        assert(false);
    }

    /// @notice hash_tree_root(DepositData): the four fields are the leaves of a depth-2 tree;
    /// pubkey (48 bytes) pads to two chunks, signature (96 bytes) to four.
    function depositDataRoot(
        bytes calldata pubkey,
        bytes calldata withdrawalCredentials,
        bytes8 amountLittleEndian,
        bytes calldata signature
    ) public pure returns (bytes32) {
        bytes32 pubkeyRoot = sha256(abi.encodePacked(pubkey, bytes16(0)));
        bytes32 signatureRoot =
            sha256(abi.encodePacked(sha256(signature[0:64]), sha256(abi.encodePacked(signature[64:96], bytes32(0)))));
        return sha256(
            abi.encodePacked(
                sha256(abi.encodePacked(pubkeyRoot, withdrawalCredentials)),
                sha256(abi.encodePacked(amountLittleEndian, bytes24(0), signatureRoot))
            )
        );
    }

    /// @notice ERC-165, as the beacon deposit contract: itself and the deposit interface.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == 0x01ffc9a7 || interfaceId == type(IDepositContract).interfaceId;
    }

    function _littleEndian64(uint64 value) private pure returns (bytes8 out) {
        uint64 v = value;
        // Byte-reverse in three swap steps (pairs, then 16-bit halves, then 32-bit halves).
        v = ((v & 0xFF00FF00FF00FF00) >> 8) | ((v & 0x00FF00FF00FF00FF) << 8);
        v = ((v & 0xFFFF0000FFFF0000) >> 16) | ((v & 0x0000FFFF0000FFFF) << 16);
        v = (v >> 32) | (v << 32);
        out = bytes8(v);
    }
}
