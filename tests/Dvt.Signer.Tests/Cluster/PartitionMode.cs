namespace Dvt.Signer.Tests.Cluster;

/// <summary>How a <see cref="PartitionFaultHandler"/> drops a request: a fast connection failure, or silence until the deadline.</summary>
public enum PartitionMode
{
    Unreachable = 1,
    Blackhole = 2,
}
