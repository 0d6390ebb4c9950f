using System.Text.Json.Nodes;
using Dvt.Coordinator.Stages;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Devnet;

/// <summary>How one operator of a <see cref="DevnetCluster"/> differs from the others.</summary>
public sealed record OperatorSetup
{
    public static OperatorSetup Default { get; } = new();

    /// <summary>Whether the cluster registers the operator at its own peer endpoint (otherwise the caller does).</summary>
    public bool Register { get; init; } = true;

    /// <summary>Config fields of this operator alone, over the cluster's; a null value takes a field away (e.g. beaconNodeUrl).</summary>
    public JsonObject? ExtraConfig { get; init; }

    /// <summary>
    /// Tests only: makes this operator's coordinator deal dishonestly (given its logging). Wired in code by
    /// <see cref="InProcessCoordinators"/> into <see cref="CoordinatorHost.StartAsync"/>; no config field reaches it, so a
    /// child process (a real `dvt coordinator run`) refuses to start such an operator.
    /// </summary>
    public Func<ILoggerFactory, IDealFaultInjector>? DealFaults { get; init; }
}
