using Dvt.ContractBindings;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>0x01 withdrawal credentials: 0x01, eleven zero bytes, then the execution address that receives withdrawals.</summary>
public static class WithdrawalCredentials
{
    public static Hash32 ForAddress(Address address)
    {
        var bytes = new byte[32];
        bytes[0] = 0x01;
        address.Bytes.CopyTo(bytes.AsSpan(12));
        return new Hash32(bytes);
    }
}
