// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {RegistryFixture} from "./base/RegistryFixture.sol";
import {ValidatorKind, RoundStatus} from "../src/DvtTypes.sol";

/// A failed round, a restart, a conversion to solo and back to DVT, under every draw of the operators.
contract RegistryConvertAfterRestartTest is RegistryFixture {
    function testFuzz_convertBackToDvtAfterAFailedAndRestartedRound(uint256 r1, uint256 r2, uint256 r3, uint256 r4) public {
        registerMany(1, 5);
        vm.prevrandao(bytes32(r1));
        uint64 v2 = request(1, M3OF4, KG_SPLIT);
        completeRound(v2);
        vm.prevrandao(bytes32(r2));
        uint64 v3 = request(1, M3OF4, KG_SPLIT);
        deal(1, v3);
        uint32 round = vRound(v3);
        (,, uint64[] memory receivers,) = registry.getRoundMembers(v3, round);
        uint64 complainer = receivers[0] == 1 ? receivers[1] : receivers[0];
        vm.prank(addrOf(complainer));
        registry.complain(v3, round, 1, filled(97, 5));
        assertEq(uint256(roundOf(v3).status), uint256(RoundStatus.Failed), "failed");
        vm.prevrandao(bytes32(r3));
        vm.prank(opAddr(1));
        registry.restartRound(v3);
        draw(v3);
        vm.prank(opAddr(1));
        registry.convertToSolo(v3);
        assertEq(uint256(vKind(v3)), uint256(ValidatorKind.Solo), "solo");
        vm.prevrandao(bytes32(r4));
        vm.prank(opAddr(1));
        registry.convertToDvt(v3, M3OF4);
        draw(v3);
        assertEq(uint256(vKind(v3)), uint256(ValidatorKind.Dvt), "dvt again");
        assertEq(registry.getHolders(v3).length, 4, "four holders");
    }
}
