// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @notice The Foundry cheatcodes these tests use (forge-std is not available here).
/// Signatures follow forge's cheatcode specification; only what we call is declared.
interface Vm {
    struct Log {
        bytes32[] topics;
        bytes data;
        address emitter;
    }

    struct DirEntry {
        string errorMessage;
        string path;
        uint64 depth;
        bool isDir;
        bool isSymlink;
    }

    // environment and chain
    function prank(address msgSender) external;
    function startPrank(address msgSender) external;
    function stopPrank() external;
    function deal(address account, uint256 newBalance) external;
    function store(address target, bytes32 slot, bytes32 value) external;
    function load(address target, bytes32 slot) external view returns (bytes32);
    function warp(uint256 newTimestamp) external;
    function roll(uint256 newHeight) external;
    function prevrandao(bytes32 newPrevrandao) external;
    function snapshotState() external returns (uint256 snapshotId);
    function revertToState(uint256 snapshotId) external returns (bool success);
    function addr(uint256 privateKey) external pure returns (address);
    function label(address account, string calldata newLabel) external;

    // expectations
    function expectRevert() external;
    function expectRevert(bytes4 revertData) external;
    function expectRevert(bytes calldata revertData) external;
    function expectEmit() external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData) external;
    function expectEmit(bool checkTopic1, bool checkTopic2, bool checkTopic3, bool checkData, address emitter) external;
    function expectCall(address callee, uint256 msgValue, bytes calldata data) external;
    function assume(bool condition) external pure;
    function skip(bool skipTest, string calldata reason) external;
    function recordLogs() external;
    function getRecordedLogs() external returns (Log[] memory logs);

    // files, JSON, environment
    function readFile(string calldata path) external view returns (string memory data);
    function readDir(string calldata path, uint64 maxDepth) external view returns (DirEntry[] memory entries);
    function exists(string calldata path) external view returns (bool result);
    function isDir(string calldata path) external view returns (bool result);
    function keyExistsJson(string calldata json, string calldata key) external view returns (bool);
    function parseJsonString(string calldata json, string calldata key) external pure returns (string memory);
    function parseJsonUint(string calldata json, string calldata key) external pure returns (uint256);
    function parseBytes(string calldata stringifiedValue) external pure returns (bytes memory parsedValue);
    function envOr(string calldata name, string calldata defaultValue) external view returns (string memory value);
    function envOr(string calldata name, bool defaultValue) external view returns (bool value);
    function envOr(string calldata name, uint256 defaultValue) external view returns (uint256 value);
    function envOr(string calldata name, address defaultValue) external view returns (address value);
    function toString(uint256 value) external pure returns (string memory);
    function toString(bytes32 value) external pure returns (string memory);
    function toString(bytes calldata value) external pure returns (string memory);
    function toString(address value) external pure returns (string memory);
    function toString(int256 value) external pure returns (string memory);

    function deployCode(string calldata artifactPath, bytes calldata constructorArgs) external returns (address);

    // scripts
    function startBroadcast() external;
    function startBroadcast(uint256 privateKey) external;
    function stopBroadcast() external;
    function envUint(string calldata name) external view returns (uint256 value);
}
