using Dvt.Consensus.Primitives;
using System.Net;
using Dvt.Consensus;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Follower;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Dvt.Coordinator.Beacon;
using Dvt.Coordinator.Chain;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.History;
using Dvt.Coordinator.Dashboard;
using Dvt.Coordinator.Health;
using Dvt.Coordinator.Keys;
using Dvt.Coordinator.Rounds;
using Dvt.Coordinator.SignerHosting;
using Dvt.Coordinator.Stages;
using Dvt.Signer;
using Dvt.Signer.Directory;
using Dvt.SlashingProtection;
using Dvt.SlashingProtection.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dvt.Coordinator;

/// <summary>
/// The coordinator daemon, and the one place its stages are wired (docs/architecture.md points here):
/// <code>
/// LogFollower (registry logs, confirmation depth, reorg rollback; cursor in state.sqlite)
///   -> CoordinatorState (deals, complaints, touched validators; written in the follower's transaction)
///   -> RegistrySnapshot (registry views at the follower's confirmed block)
///   -> ValidatorStage (per touched validator: its phase and this operator's role, looked up in ValidatorActionTable,
///      run by KeyRoundStep, KeyFileStep, SoloKeyStep, FundingStep, ExitStep and SigningSetPublisher; wired in
///      WireValidatorStage once the signer runs)
///   -> ChainSigningDirectory (what the signer may sign, with which share or full key)
///   -> SignerServices on two Kestrel listeners: the public one (peer API only) and the validator client's (Web3Signer
///      API, /healthcheck, /metrics; loopback or TLS with client certificates); slashing protection in slashing.sqlite
/// </code>
/// Every action is derived from chain state at the confirmed block, so a crash at any point resumes correctly.
/// </summary>
public sealed class CoordinatorHost : IAsyncDisposable
{
    private readonly CoordinatorConfig config;
    private readonly ILoggerFactory loggerFactory;
    private readonly bool ownsLoggerFactory;
    private readonly ILogger logger;
    private readonly RpcClient rpc;
    private readonly DvtRegistryContract registry;
    private readonly SqliteCursorStore cursorStore;
    private readonly LogFollower follower;
    private readonly BeaconNodeClient? beacon;
    private readonly IReadOnlyList<ILowWatermarkSource> watermarkSources;
    private readonly IDealFaultInjector dealFaults;
    private ValidatorStage? stage;
    private readonly PassSchedule schedule = new();
    private readonly HttpClient beaconHttp = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, OperatorView> operatorCache = new();
    private readonly CancellationTokenSource stopping = new();
    private ISlashingProtectionStore? slashing;
    private CoordinatorMetrics? metrics;
    private SignerServices? signer;
    private Dvt.Duties.DutyServices? duties;
    private WebApplication? web;
    private WebApplication? validatorClientWeb;
    private Task loop = Task.CompletedTask;
    private BlockNumber? confirmedBlock;
    private DateTime lastUnregisteredLog = DateTime.MinValue;

    private CoordinatorHost(CoordinatorConfig config, ILoggerFactory loggerFactory, bool ownsLoggerFactory, OperatorKeyStore keys, RpcClient rpc,
        DvtRegistryContract registry, CoordinatorState state, SqliteCursorStore cursorStore, IDealFaultInjector dealFaults)
    {
        this.config = config;
        this.loggerFactory = loggerFactory;
        this.ownsLoggerFactory = ownsLoggerFactory;
        logger = loggerFactory.CreateLogger<CoordinatorHost>();
        Keys = keys;
        this.rpc = rpc;
        this.registry = registry;
        State = state;
        this.cursorStore = cursorStore;
        Directory = new ChainSigningDirectory(keys);
        Rounds = new RoundAssembler(config.ChainId, config.RegistryAddress, state);
        follower = new LogFollower(rpc, new LogFilter([config.RegistryAddress]), cursorStore, state, DvtRegistryContract.DecodeEvent,
            new LogFollowerOptions { Confirmations = config.Confirmations, StartBlock = new BlockNumber(config.RegistryStartBlock), PollInterval = config.PollInterval });
        beacon = config.BeaconNodeUrl is { } url ? new BeaconNodeClient(url, beaconHttp) : null;
        this.dealFaults = dealFaults;
        Health = new DependencyHealthMonitor(rpc, config.BeaconNodeUrl, beaconHttp,
            TimeSpan.FromTicks(Math.Clamp(config.PollInterval.Ticks * 10, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromSeconds(10).Ticks)));
        var clock = config.GenesisTime is { } genesis ? new ChainClock(genesis, config.SecondsPerSlot, config.Preset.SlotsPerEpoch) : null;
        watermarkSources =
            [new CustodyChangeWatermarks(state, rpc, clock), new ImportedHistoryWatermarks(rpc, config.RegistryAddress, new BlockNumber(config.RegistryStartBlock))];
    }

    public OperatorKeyStore Keys { get; }

    public CoordinatorState State { get; }

    public ChainSigningDirectory Directory { get; }

    public RoundAssembler Rounds { get; }

    /// <summary>The RPC node's and the beacon node's latest probe results (/healthcheck, /metrics, the dashboard).</summary>
    public DependencyHealthMonitor Health { get; }

    /// <summary>This operator's registry id; 0 until its registration is seen at the confirmed block.</summary>
    public ulong OperatorId { get; private set; }

    /// <summary>
    /// The confirmed block of the last pass that left nothing to do: every validator it looked at was handled at that
    /// block or later, none is being handled.
    /// </summary>
    public BlockNumber? LastBlock { get; private set; }

    /// <summary>Completes when the daemon stops (cancelled, disposed, or failed at start of its loop).</summary>
    public Task Completion => loop;

    /// <summary>The `dvt coordinator run --config FILE` entry: runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(CoordinatorConfig config, CancellationToken cancellationToken)
    {
        await using var host = await StartAsync(config, loggerFactory: null, cancellationToken).ConfigureAwait(false);
        var stopped = await Task.WhenAny(host.Completion, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        // A loop that stopped by itself (a configuration that cannot work, a reorg below every remembered block, a
        // listener that cannot bind) ends the command with its error: a process left running with no loop would look
        // healthy to a supervisor while it does nothing.
        if (stopped == host.Completion && !cancellationToken.IsCancellationRequested)
            await host.Completion.ConfigureAwait(false);
    }

    /// <summary>Starts the daemon in-process (tests, benches, the CLI): opens keys and state, checks the chain, starts the loop.</summary>
    /// <param name="dealFaults">Tests only: makes this coordinator deal dishonestly; the CLI never passes it.</param>
    public static async Task<CoordinatorHost> StartAsync(CoordinatorConfig config, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default,
        IDealFaultInjector? dealFaults = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var ownsFactory = loggerFactory is null;
        loggerFactory ??= LoggerFactory.Create(b => b
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
            .SetMinimumLevel(config.LogLevel)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Yarp", LogLevel.Warning));
        var keys = OperatorKeyStore.Open(config.DataDir, config.Password, config.KeystoreKdf);
        RpcClient? rpc = null;
        try
        {
            // A short request timeout: a node that stops answering one request (seen from anvil during a reorg) must
            // not stall the daemon; the step fails and the next pass asks again.
            rpc = RpcClient.ForUrl(config.RpcUrl, new RpcClientOptions { RequestTimeout = TimeSpan.FromSeconds(5), MaxRetries = 2 });
            var chainId = await rpc.ChainIdAsync(cancellationToken).ConfigureAwait(false);
            if (chainId != config.ChainId)
                throw new ConfigException("chainId", $"is {config.ChainId} but the node at {config.RpcUrl} serves chain {chainId}");
            if ((await rpc.GetCodeAsync(config.RegistryAddress, BlockTag.Latest, cancellationToken).ConfigureAwait(false)).Length == 0)
                throw new ConfigException("registryAddress", $"no contract at {config.RegistryAddress} on chain {chainId}");
            var sender = await TransactionSender.CreateAsync(rpc, keys.EthereumKey, new TransactionSenderOptions
            {
                Confirmations = 1,
                ReceiptPollInterval = config.PollInterval < TimeSpan.FromMilliseconds(200) ? config.PollInterval : TimeSpan.FromMilliseconds(200),
                // A reorg can drop a mined transaction for good: give up waiting after a while, the next pass decides
                // again from chain state (and re-sends the same deal if it is still needed).
                ReceiptTimeout = TimeSpan.FromTicks(Math.Clamp(config.PollInterval.Ticks * 50, TimeSpan.FromSeconds(10).Ticks, TimeSpan.FromMinutes(2).Ticks)),
                // Steps of many validators that are ready together go out as one multicall transaction: on a node that
                // mines a block per transaction, the blocks were what bounded 1,000 validators' start.
                Bundling = await SupportedBundlingAsync(rpc, DvtRegistryContract.Bundling(config.RegistryAddress) with { Linger = BundleLinger(config.PollInterval) },
                    keys.EthereumKey.Address, cancellationToken).ConfigureAwait(false),
            }).ConfigureAwait(false);
            var registry = new DvtRegistryContract(config.RegistryAddress, rpc, sender);
            var state = CoordinatorState.Open(config.StateDatabasePath);
            var cursorStore = await SqliteCursorStore.OpenAsync(config.StateDatabasePath, "registry", ct: cancellationToken).ConfigureAwait(false);
            // The signer starts only once the operator is registered; its database's chain is checked now, so a
            // mismatch stops the start with one line instead of failing every later pass.
            await (await OpenSlashingProtectionAsync(config, cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            var host = new CoordinatorHost(config, loggerFactory, ownsFactory, keys, rpc, registry, state, cursorStore, dealFaults ?? NoDealFaults.Instance);
            if (dealFaults is not null and not NoDealFaults)
                host.logger.LogWarning("FAULT INJECTION is on ({Injector}); this coordinator misbehaves on purpose", dealFaults.GetType().Name);
            host.logger.LogInformation("coordinator for account {Account} on chain {Chain}, registry {Registry}, data in {DataDir}",
                keys.Address, chainId, config.RegistryAddress, config.DataDir);
            host.Health.Start();
            host.loop = Task.Run(() => host.RunLoopAsync(host.stopping.Token), CancellationToken.None);
            return host;
        }
        catch
        {
            keys.Dispose();
            if (rpc is not null)
                await rpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task RunLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    var now = DateTime.UtcNow;
                    if (await StepAsync(schedule.SweepDue(now), ct).ConfigureAwait(false))
                        schedule.SweptAt(now);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    break;
                }
                catch (ConfigException e)
                {
                    // A configuration that cannot work (e.g. the slashing database of another chain) is not retried.
                    logger.LogCritical("stopping: {Message}", e.Message);
                    throw;
                }
                catch (ReorgBeyondHistoryException e)
                {
                    logger.LogCritical("the chain reorganised below every remembered block (cursor {Cursor}); stopping: {Message}", e.Cursor, e.Message);
                    throw;
                }
                catch (Exception e)
                {
                    metrics?.StepFailures.WithLabels(CoordinatorMetrics.PassScope).Inc();
                    logger.LogError("coordinator step failed, retrying: {Error}", e.ToString());
                }
                try
                {
                    await Task.Delay(config.PollInterval, ct).ConfigureAwait(false);
                    await WaitForFreeWorkersAsync(ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        finally
        {
            // Workers and deposits started by passes end before the daemon disposes what they use.
            await DrainHandlingAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One pass: follow the chain to the confirmed block, then act on the validators that changed (events), those due
    /// (<see cref="PassSchedule"/>), and on a sweep every validator. True if it swept all.
    /// </summary>
    private async Task<bool> StepAsync(bool sweepAll, CancellationToken ct)
    {
        await follower.CatchUpAsync(ct).ConfigureAwait(false);
        if (await cursorStore.LoadCursorAsync(ct).ConfigureAwait(false) is not { } cursor)
            return false;
        var at = cursor.Number;
        confirmedBlock = at;
        var chain = new RegistrySnapshot(registry, BlockTag.At(at), operatorCache, State, new BlockNumber(config.RegistryStartBlock));
        if (OperatorId == 0)
        {
            var id = await registry.OperatorIdOfAsync(Keys.Address, BlockTag.At(at), ct).ConfigureAwait(false);
            if (id == 0)
            {
                // Say why nothing is served yet: on an automine chain with confirmations > 0 the registration may wait
                // for blocks that only come with the next transaction.
                if (DateTime.UtcNow - lastUnregisteredLog >= TimeSpan.FromSeconds(10))
                {
                    lastUnregisteredLog = DateTime.UtcNow;
                    logger.LogInformation(
                        "account {Account} is not a registered operator at the confirmed block {Block} ({Confirmations} confirmations behind the head); the signer API opens once its registration is confirmed",
                        Keys.Address, at, config.Confirmations);
                }
                return false;
            }
            OperatorId = id;
            Directory.OwnOperatorId = id;
            logger.LogInformation("this coordinator is operator {Operator}", id);
            await StartSignerAsync(id, ct).ConfigureAwait(false);
            sweepAll = true;
        }
        if (State.TakeRolledBack())
        {
            // A reorg may have dropped this operator's transactions: their nonces are free again.
            await registry.Sender!.ResyncNonceAsync(ct).ConfigureAwait(false);
            logger.LogWarning("the chain reorganised; re-reading the account nonce and looking at every validator again");
            sweepAll = true;
        }
        var operatorsChanged = State.TakeOperatorsChanged();
        if (operatorsChanged || sweepAll || ownKeyUnmatched)
        {
            Rounds.Forget();
            await RefreshOperatorsAsync(chain, at, ct).ConfigureAwait(false);
        }

        IEnumerable<ulong> ids = State.TouchedValidators().Concat(schedule.Due(at, operatorsChanged)).Concat(waiting);
        if (sweepAll)
        {
            var owned = await registry.ValidatorsOfOperatorAsync(OperatorId, 0, 10_000, BlockTag.At(at), ct).ConfigureAwait(false);
            ids = ids.Concat(State.KnownValidators()).Concat(Keys.ValidatorsWithKeys()).Concat(owned.Ids);
        }
        var looked = ids.Distinct().Order().ToArray();
        var stage = this.stage ?? throw new InvalidOperationException($"operator {OperatorId}: the signer did not start, so no validator step runs; restart the coordinator");
        // Started now: those not being handled already, as many as there are free workers. The others wait for a later
        // pass (a touched one stays touched in state.sqlite, a due or swept one is kept in `waiting`), so a validator
        // touched while it is being handled is handled again after, at a later block.
        ulong[] work;
        lock (handlingGate)
        {
            work = looked.Where(id => !handling.ContainsKey(id)).Take(Math.Max(0, ValidatorsInParallel - handling.Count)).ToArray();
            doneSinceLastPass = 0;
        }
        waiting.Clear();
        waiting.UnionWith(looked.Except(work));
        if (work.Length > 0)
        {
            await chain.PrefetchValidatorsAsync(work, ct).ConfigureAwait(false);
            State.MarkHandled(work);
            foreach (var validatorId in work)
                StartHandling(stage, chain, at, validatorId, ct);
            logger.LogDebug("pass at block {Block}: started validators {Validators}", at, string.Join(",", work));
        }
        await ContinueOperatorExitAsync(chain, ct).ConfigureAwait(false);
        lock (handlingGate)
        {
            if (work.Length == 0 && waiting.Count == 0 && handling.Count == 0)
                LastBlock = at;
        }
        metrics?.ConfirmedBlock.Set(at.Value);
        metrics?.LastPass.Set(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);
        metrics?.SigningValidators.Set(Directory.ValidatorIds().Count);
        return sweepAll;
    }

    /// <summary>
    /// Handles one validator on a worker of its own, at the pass's block: the pass does not wait for it, so one slow
    /// step (a receipt, a deal's encryption) does not hold back the next step of every other validator, which the next
    /// pass starts as soon as its event is followed. The worker leaves <see cref="handling"/> when done.
    /// </summary>
    private void StartHandling(ValidatorStage stage, RegistrySnapshot chain, BlockNumber at, ulong validatorId, CancellationToken ct)
    {
        // Added under the gate the worker's end takes to remove it: never removed before it was added.
        lock (handlingGate)
            handling[validatorId] = Task.Run(() => HandleAsync(stage, chain, at, validatorId, ct), CancellationToken.None);
    }

    private async Task HandleAsync(ValidatorStage stage, RegistrySnapshot chain, BlockNumber at, ulong validatorId, CancellationToken ct)
    {
        try
        {
            await stage.HandleAsync(chain, at, OperatorId, validatorId, ct).ConfigureAwait(false);
            if (chain.CachedValidator(validatorId) is { } view)
                schedule.Observe(view, chain.CachedRound(validatorId, view.CurrentRound), at);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped before it was done: marked as changed again, so the next start takes it instead of a later sweep.
            State.MarkTouched(validatorId);
        }
        catch (Exception e)
        {
            await stage.StepFailedAsync(validatorId, e, registry.Sender!, ct).ConfigureAwait(false);
        }
        finally
        {
            lock (handlingGate)
            {
                handling.Remove(validatorId);
                doneSinceLastPass++;
            }
            workerDone.Release();
        }
    }

    /// <summary>
    /// While more than a quarter of the workers are busy, the next pass waits until one of them is done and at most three
    /// quarters are busy (or <see cref="BusyPassInterval"/> passed): each pass follows the chain and reads the views
    /// of the validators it starts, and passes every poll interval that start one or two validators each cost anvil and
    /// the daemons more than they gained (at 300 validators on 2 shared cores, keys were on chain twice as late).
    /// </summary>
    private async Task WaitForFreeWorkersAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + BusyPassInterval;
        while (workerDone.Wait(0))
        {
            // Wake-ups of workers done before this wait: the counts below say what happened.
        }
        while (true)
        {
            lock (handlingGate)
            {
                if (handling.Count <= ValidatorsInParallel / 4 || (doneSinceLastPass > 0 && handling.Count <= ValidatorsInParallel * 3 / 4))
                    return;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await workerDone.WaitAsync(left, ct).ConfigureAwait(false))
                return;
        }
    }

    /// <summary>The longest a pass waits for busy workers: events of validators not being handled wait no longer than this.</summary>
    private TimeSpan BusyPassInterval => TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, config.PollInterval.Ticks * 5));

    /// <summary>Released by each worker when done (wakes <see cref="WaitForFreeWorkersAsync"/>).</summary>
    private readonly SemaphoreSlim workerDone = new(0);

    /// <summary>Workers done since the last pass started validators; guarded by <see cref="handlingGate"/>.</summary>
    private int doneSinceLastPass;

    /// <summary>Waits for every validator being handled, and the deposit lane, to end (the loop stopped).</summary>
    private async Task DrainHandlingAsync()
    {
        Task[] running;
        lock (handlingGate)
            running = handling.Values.ToArray();
        await Task.WhenAll(running).ConfigureAwait(false);
        if (stage is not null)
            await stage.DrainAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Validators handled at once. Most of a validator's step is waiting (its transaction's estimate, send and receipt),
    /// so this bounds how many calls a coordinator keeps in flight; with bundles (<see cref="CallBundling"/>) more calls
    /// in flight fill the same transactions rather than adding blocks (32 made 1,000 validators ready in 153 s, 128 in
    /// 111 s). The owner's deposits have a lane of their own (<see cref="FundingStep.DepositsAtOnce"/>).
    /// </summary>
    private const int ValidatorsInParallel = 128;

    /// <summary>Validators being handled, by id (started by a pass, not done yet); guarded by <see cref="handlingGate"/>.</summary>
    private readonly Dictionary<ulong, Task> handling = [];

    private readonly Lock handlingGate = new();

    /// <summary>Due or swept validators a pass could not start yet (being handled, or no free worker); the loop's alone.</summary>
    private readonly HashSet<ulong> waiting = [];

    /// <summary>An exiting operator pushes its exit through the registry until no validator is left to visit.</summary>
    private async Task ContinueOperatorExitAsync(RegistrySnapshot chain, CancellationToken ct)
    {
        // The cached view: OperatorExitRequested and OperatorExited refresh every operator (RefreshOperatorsAsync), so a
        // pass where no operator changed costs no read here (a fresh read is an eth_call and an eth_getLogs over the
        // registry's whole life, every pass).
        var me = await chain.OperatorAsync(OperatorId, ct).ConfigureAwait(false);
        if (me.Status != OperatorStatus.Exiting)
            return;
        var backlog = await registry.OperatorExitBacklogAsync(OperatorId, chain.Block, ct).ConfigureAwait(false);
        if (backlog.IsZero)
            return;
        try
        {
            await registry.ProcessOperatorExitAsync(OperatorId, new UInt256(16), ct).ConfigureAwait(false);
            logger.LogInformation("operator exit: processed up to 16 of {Backlog} remaining validators", backlog);
        }
        catch (Dvt.ContractBindings.Abi.ContractRevertException e)
        {
            logger.LogInformation("operator exit: processOperatorExit refused ({Reason})", e.Message);
        }
    }

    /// <summary>The registry states a share-encryption key for this operator that no key file here matched yet.</summary>
    private bool ownKeyUnmatched;

    private async Task RefreshOperatorsAsync(RegistrySnapshot chain, BlockNumber at, CancellationToken ct)
    {
        var count = await registry.OperatorCountAsync(BlockTag.At(at), ct).ConfigureAwait(false);
        foreach (var view in await chain.OperatorsAsync(count, ct).ConfigureAwait(false))
        {
            var id = view.OperatorId;
            if (Uri.TryCreate(view.Endpoint, UriKind.Absolute, out var endpoint))
                Directory.PutOperator(new OperatorPeer(new OperatorId(id), view.Owner, endpoint, view.Status == OperatorStatus.Active));
            if (id == OperatorId && view.EncryptionKey is { } registered && !registered.Equals(Keys.ShareEncryptionPublicKey))
            {
                // `dvt operator rotate-key` registered a new key while this coordinator ran: use it from this block on.
                // The key file may still be being written by the command that rotated it: look again next pass
                // (the error is logged once).
                var matched = Keys.FollowRegisteredShareEncryptionKey(registered);
                if (matched)
                    logger.LogInformation("share-encryption key rotated: now using {Key} (the previous key stays in {Folder})",
                        Convert.ToHexStringLower(registered.Span), Keys.Paths.KeysFolder);
                else if (!ownKeyUnmatched)
                    logger.LogError("the registry states share-encryption key {Key} for this operator, but no key in {Folder} is that one: shares dealt to it cannot be opened",
                        Convert.ToHexStringLower(registered.Span), Keys.Paths.KeysFolder);
                ownKeyUnmatched = !matched;
            }
            else if (id == OperatorId)
            {
                ownKeyUnmatched = false;
            }
        }
    }

    /// <summary>
    /// A step's transaction waits for the receipt anyway (polled every interval, at most 200 ms); waiting up to half of
    /// that before sending costs little and lets the steps of other validators ready at the same time share its block.
    /// </summary>
    private static TimeSpan BundleLinger(TimeSpan pollInterval) =>
        TimeSpan.FromTicks(Math.Min(pollInterval.Ticks, TimeSpan.FromMilliseconds(200).Ticks) / 2);

    /// <summary>
    /// A registry deployed before multicall existed refuses it: bundles would then all fail and be sent again call by
    /// call, so an empty bundle is tried once with eth_call first.
    /// </summary>
    private static async Task<CallBundling?> SupportedBundlingAsync(RpcClient rpc, CallBundling bundling, Address from, CancellationToken ct)
    {
        try
        {
            await rpc.CallAsync(new CallRequest(bundling.Target, bundling.Encode([]), from), BlockTag.Latest, ct).ConfigureAwait(false);
            return bundling;
        }
        catch (RpcErrorException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the slashing-protection database bound to the network's genesis validators root. A database bound to
    /// another chain is a <see cref="ConfigException"/> giving both roots and the remedy: nothing is retried.
    /// </summary>
    private static async Task<ISlashingProtectionStore> OpenSlashingProtectionAsync(CoordinatorConfig config, CancellationToken ct)
    {
        var root = new GenesisValidatorsRoot(config.GenesisValidatorsRoot.AsSpan());
        var postgres = config.SlashingProtection.Kind == SlashingDatabaseKind.Postgres;
        try
        {
            return postgres
                ? await PostgresSlashingProtectionStore.OpenAsync(config.SlashingProtection.ConnectionString!, root, ct).ConfigureAwait(false)
                : await SqliteSlashingProtectionStore.OpenAsync(config.SlashingDatabasePath, root, ct).ConfigureAwait(false);
        }
        catch (ChainMismatchException e)
        {
            var where = postgres ? "the PostgreSQL slashing-protection database" : config.SlashingDatabasePath;
            var remedy = postgres
                ? "or use another database for this chain"
                : $"or move {config.SlashingDatabasePath} aside to start this chain with an empty history";
            throw new ConfigException("network",
                $"{where} belongs to the chain with genesis validators root {e.Stored}, but network {config.Network.Name} has {e.Requested}: " +
                $"run with the network that database was made for, {remedy} (export it first: dvt slashing-protection export)");
        }
    }

    private async Task StartSignerAsync(ulong operatorId, CancellationToken ct)
    {
        slashing = await OpenSlashingProtectionAsync(config, ct).ConfigureAwait(false);
        var options = new SignerOptions(new OperatorId(operatorId), config.Preset, config.GenesisForkVersion)
        {
            Network = config.Network,
            RecoveryKeyEnabled = config.Recovery.Enabled,
            PartialDeadline = config.Recovery.Deadline,
            RegistrationGasLimits = config.RegistrationGasLimit,
        };
        if (config.DutyConsensus && config.BeaconNodeUrl is { } beaconNodeUrl)
        {
            duties = new Dvt.Duties.DutyServices(new OperatorId(operatorId), Keys.EthereumKey, Directory, Directory, config.Preset, beaconNodeUrl,
                config.DutyDecisionTimeout, new Dvt.Qbft.Engine.QbftOptions(), loggerFactory);
        }
        signer = new SignerServices(options, Directory, Directory, Directory, slashing, new ChainLifecycleAuthority(registry, () => confirmedBlock),
            Keys.EthereumKey, loggerFactory, hostHealth: Health, dutyData: duties?.Gate);
        metrics = new CoordinatorMetrics(signer.Metrics.Registry, Health);
        stage = WireValidatorStage(slashing, signer.Signer, metrics);
        web = BuildListener(k => ListenerBinding.Bind(k, config.PeerListen));
        SignerEndpoints.MapPeerApi(web, signer);
        duties?.MapPeerApi(web);
        validatorClientWeb = BuildListener(k => ListenerBinding.Bind(k, config.ValidatorClientListen, config.ValidatorClientTls), forwarder: duties is not null);
        SignerEndpoints.MapValidatorClientApi(validatorClientWeb, signer);
        duties?.MapValidatorClientApi(validatorClientWeb);
        // The dashboard goes wherever the Web3Signer API goes: it shows nothing that listener's callers cannot read.
        validatorClientWeb.MapDashboard(new DashboardFeed(operatorId, signer, new Cli.Views.RegistryReader(registry)));
        await StartListenerAsync(web, "peerListen", config.PeerListen.ToString(), ct).ConfigureAwait(false);
        await StartListenerAsync(validatorClientWeb, "validatorClientListen", config.ValidatorClientListen.ToString(), ct).ConfigureAwait(false);
        logger.LogInformation("peer API listening on {Peer}; Web3Signer API, /healthcheck, /metrics and the dashboard (/ui/) on {ValidatorClient}{Tls}{Beacon}",
            config.PeerListen, config.ValidatorClientListen, config.ValidatorClientTls is null ? "" : " (TLS, client certificates required)",
            duties is null ? "" : $"; beacon-node API there too (decided duty data, the rest forwarded to {config.BeaconNodeUrl})");
    }

    /// <summary>
    /// A listener that cannot bind stops the coordinator with one line naming the field: retrying passes with no API
    /// open would keep dealing and acking while no peer and no validator client can reach this operator.
    /// </summary>
    private static async Task StartListenerAsync(WebApplication listener, string field, string address, CancellationToken ct)
    {
        try
        {
            await listener.StartAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ConfigException(field, $"cannot listen on {address}: {e.Message}");
        }
    }

    /// <summary>
    /// The validator stage and the steps it runs, each given what it needs: built once the signer runs, since a deposit
    /// or exit is threshold-signed through it and a holder's history is handed over into its slashing protection.
    /// </summary>
    private ValidatorStage WireValidatorStage(ISlashingProtectionStore slashingStore, Dvt.Signer.Signing.ValidatorSigner validatorSigner, CoordinatorMetrics coordinatorMetrics)
    {
        var sender = new RegistryStepSender(State, coordinatorMetrics, loggerFactory.CreateLogger<RegistryStepSender>());
        var keyFiles = new KeyFileStep(Keys, Rounds, loggerFactory.CreateLogger<KeyFileStep>());
        var ownerSigner = new OwnerMessageSigner(config, Directory, validatorSigner, loggerFactory.CreateLogger<OwnerMessageSigner>());
        var handover = new HistoryHandover(State, Rounds, watermarkSources, slashingStore, loggerFactory.CreateLogger<HistoryHandover>());
        return new ValidatorStage(
            new KeyRoundStep(Keys, registry, State, Rounds, keyFiles, sender, dealFaults, coordinatorMetrics, loggerFactory.CreateLogger<KeyRoundStep>()),
            keyFiles,
            new SoloKeyStep(registry, sender),
            new FundingStep(config, Keys, registry, State, ownerSigner, sender, loggerFactory.CreateLogger<FundingStep>()),
            new ExitStep(config, Keys, registry, State, beacon, ownerSigner, sender, loggerFactory.CreateLogger<ExitStep>()),
            new SigningSetPublisher(Rounds, Directory, handover),
            sender);
    }

    private WebApplication BuildListener(Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions> bind, bool forwarder = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        if (forwarder)
            Dvt.Duties.DutyServices.AddValidatorClientServices(builder.Services);
        builder.WebHost.UseKestrel(bind);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ReorgBeyondHistoryException)
        {
        }
        await Health.DisposeAsync().ConfigureAwait(false);
        foreach (var app in new[] { web, validatorClientWeb })
        {
            if (app is null)
                continue;
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        signer?.Dispose();
        if (duties is not null)
            await duties.DisposeAsync().ConfigureAwait(false);
        if (slashing is not null)
            await slashing.DisposeAsync().ConfigureAwait(false);
        await cursorStore.DisposeAsync().ConfigureAwait(false);
        await rpc.DisposeAsync().ConfigureAwait(false);
        beaconHttp.Dispose();
        Keys.Dispose();
        stopping.Dispose();
        workerDone.Dispose();
        if (ownsLoggerFactory)
            loggerFactory.Dispose();
    }
}
