// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice An independent reference for the tests: hash_tree_root(DepositData) written from the
/// SSZ rules field by field (pack, pad to 32-byte chunks, merkleize), and the deposit tree root
/// rebuilt level by level from all leaves, not incrementally as the contract does.
library SszDepositRoot {
    function merkleize(bytes32[] memory chunks) internal pure returns (bytes32) {
        uint256 width = 1;
        while (width < chunks.length) width <<= 1;
        bytes32[] memory level = new bytes32[](width);
        for (uint256 i = 0; i < chunks.length; ++i) {
            level[i] = chunks[i];
        }
        while (width > 1) {
            width >>= 1;
            for (uint256 i = 0; i < width; ++i) {
                level[i] = sha256(abi.encodePacked(level[2 * i], level[2 * i + 1]));
            }
        }
        return level[0];
    }

    /// Splits bytes into zero-padded 32-byte chunks and merkleizes them.
    function bytesRoot(bytes memory data) internal pure returns (bytes32) {
        uint256 count = (data.length + 31) / 32;
        bytes32[] memory chunks = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            bytes32 chunk;
            for (uint256 b = 0; b < 32 && i * 32 + b < data.length; ++b) {
                chunk |= bytes32(data[i * 32 + b]) >> (8 * b);
            }
            chunks[i] = chunk;
        }
        return merkleize(chunks);
    }

    function uint64Chunk(uint64 value) internal pure returns (bytes32 chunk) {
        for (uint256 b = 0; b < 8; ++b) {
            chunk |= bytes32(uint256(uint8(value >> (8 * b))) << (8 * (31 - b)));
        }
    }

    function depositDataRoot(bytes memory pubkey, bytes32 credentials, uint64 amountGwei, bytes memory signature)
        internal
        pure
        returns (bytes32)
    {
        bytes32[] memory fields = new bytes32[](4);
        fields[0] = bytesRoot(pubkey);
        fields[1] = credentials;
        fields[2] = uint64Chunk(amountGwei);
        fields[3] = bytesRoot(signature);
        return merkleize(fields);
    }

    /// mix_in_length(root of List[DepositData, 2**32] leaves, count), computed over a tree whose
    /// upper levels are empty subtrees.
    function depositTreeRoot(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        bytes32 zero;
        for (uint256 h = 0; h < 32; ++h) {
            uint256 nextLength = (level.length + 1) / 2;
            bytes32[] memory next = new bytes32[](nextLength);
            for (uint256 i = 0; i < nextLength; ++i) {
                bytes32 right = 2 * i + 1 < level.length ? level[2 * i + 1] : zero;
                next[i] = sha256(abi.encodePacked(level[2 * i], right));
            }
            if (level.length == 0) {
                next = new bytes32[](0);
            }
            level = next;
            zero = sha256(abi.encodePacked(zero, zero));
        }
        bytes32 root = level.length == 0 ? zero : level[0];
        return sha256(abi.encodePacked(root, uint64Chunk(uint64(leaves.length))));
    }
}
