using Dvt.Coordinator.Configuration;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// Each coordinator as a <see cref="CoordinatorHost"/> in this process, loaded from the same config file a child would
/// read, logging into the operator's log from debug up. The only launcher that wires fault injection (tests only).
/// </summary>
public sealed class InProcessCoordinators : ICoordinatorLauncher
{
    public async Task<IRunningCoordinator> StartAsync(CoordinatorNode node, CancellationToken ct)
    {
        var config = CoordinatorConfig.Load(node.ConfigFile);
        var logging = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(node.Output));
        try
        {
            var dealFaults = node.Setup.DealFaults?.Invoke(logging);
            return new Running(await CoordinatorHost.StartAsync(config, logging, ct, dealFaults).ConfigureAwait(false), logging);
        }
        catch
        {
            logging.Dispose();
            throw;
        }
    }

    private sealed class Running(CoordinatorHost host, ILoggerFactory logging) : IRunningCoordinator
    {
        public string? Ended => null;

        public int? ProcessId => null;

        public CoordinatorHost? Host => host;

        public async Task StopAsync(bool crash)
        {
            await host.DisposeAsync().ConfigureAwait(false);
            logging.Dispose();
        }
    }
}
