using Dvt.Qbft.Engine;

namespace Dvt.Duties.Consensus;

/// <summary>Delivers the engine's outbound messages to their recipients, best effort and without blocking the engine: QBFT tolerates loss.</summary>
public interface IQbftTransport
{
    void Send(QbftOutbound outbound);
}
