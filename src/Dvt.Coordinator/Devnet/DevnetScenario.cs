using System.Diagnostics;
using System.Net;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.Crypto.Bls;

namespace Dvt.Coordinator.Devnet;

/// <summary>
/// The seed's promises, one phase at a time, against running coordinators: duties threshold-signed with everyone
/// up and with f stopped; the recovery key with f+1 stopped, never signing anything slashable; the threshold path
/// back after a restart; an operator's exit reshared to a newcomer with the validator key unchanged; a validator's
/// exit deleting its shares everywhere; and a validator falling back to solo when fewer than n operators remain.
/// Every signature is verified here with blst; every check is recorded.
/// </summary>
public sealed class DevnetScenario(DevnetCluster cluster, DevnetProfile profile, DutyFactory duties, DevnetConsole console, int operatorCount)
{
    private const byte Solo = 0;
    private const byte ThreeOfFour = 1;
    private const byte FiveOfSeven = 2;
    private const byte Split = 1;
    private const byte Dkg = 2;
    private const byte StatusDeposited = 3;
    private const byte StatusExitRequested = 4;
    private const byte StatusExited = 5;
    private const byte KindSolo = 0;
    private const byte KindDvt = 1;
    private const byte RoundReshare = 3;
    private const byte RoundCompleted = 3;

    private readonly List<ValidatorUnderTest> validators = [];
    private ulong nextEpoch = 1;

    public List<CheckResult> Checks { get; } = [];

    public List<SignatureRecord> Signatures { get; } = [];

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    private CoordinatorNode Owner => cluster.Nodes[0];

    public async Task RunAsync(CancellationToken ct)
    {
        if (!await SetUpAsync(ct).ConfigureAwait(false))
            return;
        await SignPhaseAsync("all coordinators up", "duties are threshold-signed with every operator up", ct).ConfigureAwait(false);
        await SigningRulesPhaseAsync(ct).ConfigureAwait(false);
        await StoppedPhasesAsync(ct).ConfigureAwait(false);
        await OwnerStoppedPhaseAsync(ct).ConfigureAwait(false);
        await OperatorExitPhaseAsync(ct).ConfigureAwait(false);
        await ValidatorExitPhaseAsync(ct).ConfigureAwait(false);
        await BelowThresholdPhaseAsync(ct).ConfigureAwait(false);
        var slashable = SlashingAudit.Find(Signatures);
        Record("nothing slashable was signed", slashable.Count == 0,
            slashable.Count == 0 ? $"{Signatures.Count} signatures audited per key: no double proposal, double vote or surround vote" : string.Join("; ", slashable.Take(3)));
    }

    // ------------------------------------------------------------------ setup

    /// <summary>The validators set up (solo, 3-of-4 split, 3-of-4 DKG, and 5-of-7 with 7 or more operators).</summary>
    public IReadOnlyList<ValidatorUnderTest> Validators => validators;

    /// <summary>Registers the operators, requests the validators, starts the coordinators and waits until every key is served.</summary>
    public async Task<bool> SetUpAsync(CancellationToken ct)
    {
        console.Phase($"setup: {operatorCount} operators, registry, validators");
        for (var i = 0; i < operatorCount; i++)
        {
            var node = await cluster.AddOperatorAsync(ct: ct).ConfigureAwait(false);
            console.Step($"operator {node.OperatorId} registered: {node.Address}, endpoint {node.Endpoint}");
        }
        // Requested before the coordinators start: they find everything in the logs, and no two processes send
        // from one account at the same moment.
        validators.Add(new ValidatorUnderTest(await Owner.RequestValidatorAsync(Solo, 0, ct).ConfigureAwait(false), "solo", Solo));
        validators.Add(new ValidatorUnderTest(await Owner.RequestValidatorAsync(ThreeOfFour, Split, ct).ConfigureAwait(false), "3-of-4 split", ThreeOfFour));
        validators.Add(new ValidatorUnderTest(await Owner.RequestValidatorAsync(ThreeOfFour, Dkg, ct).ConfigureAwait(false), "3-of-4 dkg", ThreeOfFour));
        if (operatorCount >= 7)
            validators.Add(new ValidatorUnderTest(await Owner.RequestValidatorAsync(FiveOfSeven, Split, ct).ConfigureAwait(false), "5-of-7 split", FiveOfSeven));
        foreach (var v in validators)
            console.Step($"validator {v.Id} requested: {v.Label}, 32 ETH held by the registry");

        foreach (var node in cluster.Nodes)
            await node.StartAsync(ct).ConfigureAwait(false);
        var started = Stopwatch.StartNew();
        try
        {
            await Task.WhenAll(cluster.Nodes.Select(n => n.WaitUntilUpAsync(TimeSpan.FromSeconds(60), ct))).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            Record("coordinators start", false, e.Message, started);
            return false;
        }
        Record("coordinators start", true, $"{cluster.Nodes.Count} coordinators answer /upcheck", started);

        started = Stopwatch.StartNew();
        var deposited = await WaitAsync(async () =>
        {
            var states = new List<string>();
            var all = true;
            foreach (var v in validators)
            {
                var state = await cluster.Registry.GetValidatorAsync(v.Id, ct: ct).ConfigureAwait(false);
                all &= state.Status >= StatusDeposited;
                states.Add($"{v.Id}:{Cli.RegistryNames.ValidatorStatus(state.Status)}");
            }
            return (all, string.Join(" ", states));
        }, profile.SetupTimeout, "key rounds and deposits", ct).ConfigureAwait(false);
        foreach (var v in validators)
            v.PublicKey = Hex.Encode((await cluster.Registry.GetValidatorKeyAsync(v.Id, ct: ct).ConfigureAwait(false)).PublicKey).ToLowerInvariant();
        Record("key rounds complete and validators deposited", deposited.Ok,
            deposited.Ok ? string.Join(", ", validators.Select(v => $"{v.Label} {ShortKey(v.PublicKey)}")) : deposited.Detail, started);
        if (!deposited.Ok)
            return false;

        started = Stopwatch.StartNew();
        var served = await WaitForKeysAsync(Owner, validators.Select(v => v.PublicKey), ct).ConfigureAwait(false);
        Record("the owner's coordinator serves every validator key", served.Ok, served.Detail, started);
        return served.Ok;
    }

    // ------------------------------------------------------------------ f and f+1 stopped, restart

    private async Task StoppedPhasesAsync(CancellationToken ct)
    {
        var dvt = validators.Where(v => v.Mode != Solo).ToArray();
        var largest = dvt.MaxBy(v => v.Mode)!;
        var n = ShareCount(largest.Mode);
        var f = (n - 1) / 3;
        var holders = await cluster.Registry.GetHoldersAsync(largest.Id, ct: ct).ConfigureAwait(false);
        // Stop holders of the largest validator that hold as few other validators as possible, never the owner.
        var smallHolders = new List<ulong>();
        foreach (var v in dvt.Where(v => v != largest))
            smallHolders.AddRange(await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false));
        var candidates = holders.Where(h => h != Owner.OperatorId)
            .OrderBy(h => smallHolders.Count(x => x == h)).ThenByDescending(h => h).ToArray();

        console.Phase($"f = {f} coordinators stopped");
        foreach (var id in candidates.Take(f))
        {
            await cluster.Node(id).StopAsync(crash: true).ConfigureAwait(false);
            console.Step($"operator {id}'s coordinator killed");
        }
        await SignPhaseAsync($"{f} stopped (f)", $"duties are still threshold-signed with f = {f} coordinators down", ct).ConfigureAwait(false);

        console.Phase($"f + 1 = {f + 1} coordinators stopped");
        var extra = candidates[f];
        await cluster.Node(extra).StopAsync(crash: true).ConfigureAwait(false);
        console.Step($"operator {extra}'s coordinator killed");
        await SignPhaseAsync($"{f + 1} stopped (f+1)", $"the owner's recovery key signs with f + 1 = {f + 1} coordinators down", ct).ConfigureAwait(false);

        // A double vote for an epoch just signed by the recovery key: slashing protection must refuse it.
        var target = nextEpoch - 1;
        var conflicting = duties.ConflictingAttestation(largest.PublicKey, target);
        var started = Stopwatch.StartNew();
        using (var signer = Owner.Signer())
        {
            var answer = await signer.SignAsync(conflicting, ct).ConfigureAwait(false);
            Record("a conflicting attestation is refused on the recovery path", answer.Status != HttpStatusCode.OK,
                answer.Status == HttpStatusCode.OK
                    ? $"signed a double vote for target epoch {target}: {answer.Signature}"
                    : $"HTTP {(int)answer.Status}: {Trim(answer.Message)}", started);
        }

        console.Phase("stopped coordinators restarted");
        started = Stopwatch.StartNew();
        var stopped = cluster.Nodes.Where(n => !n.Running && n.OperatorId != 0).ToArray();
        foreach (var node in stopped)
        {
            await node.StartAsync(ct).ConfigureAwait(false);
            console.Step($"operator {node.OperatorId}'s coordinator restarted");
        }
        await Task.WhenAll(stopped.Select(n => n.WaitUntilUpAsync(TimeSpan.FromSeconds(60), ct))).ConfigureAwait(false);
        var notes = new List<string>();
        var allServed = true;
        foreach (var node in stopped)
        {
            var held = new List<string>();
            foreach (var v in dvt)
            {
                if ((await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false)).Contains(node.OperatorId))
                    held.Add(v.PublicKey);
            }
            var served = await WaitForKeysAsync(node, held, ct).ConfigureAwait(false);
            allServed &= served.Ok;
            notes.Add(served.Detail);
        }
        Record("restarted coordinators serve their validators again", allServed, string.Join("; ", notes), started);
        await SignPhaseAsync("restarted", "the threshold path resumes after the restart", ct).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ the owner down: other holders' validator clients

    /// <summary>
    /// No operator is a single point of failure: with the owner's coordinator stopped, every distributed validator's
    /// duties are still threshold-signed, each asked through the validator-client API of another holder (as that
    /// holder's own validator client would). Then the owner comes back.
    /// </summary>
    private async Task OwnerStoppedPhaseAsync(CancellationToken ct)
    {
        console.Phase("the owner's coordinator stopped");
        await Owner.StopAsync(crash: true).ConfigureAwait(false);
        console.Step($"operator {Owner.OperatorId}'s (the owner's) coordinator killed");
        var started = Stopwatch.StartNew();
        var failures = new List<string>();
        var produced = new List<SignatureRecord>();
        for (var e = 0; e < profile.EpochsPerPhase; e++)
        {
            var epoch = nextEpoch++;
            foreach (var v in validators.Where(v => v.Mode != Solo))
            {
                var holders = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
                var through = holders.Where(h => h != Owner.OperatorId).Select(cluster.Node).FirstOrDefault(n => n.Running);
                if (through is null)
                {
                    failures.Add($"{v.Label}: no running holder other than the owner");
                    continue;
                }
                var key = BlsPublicKey.Decode(Hex.DecodeData(v.PublicKey));
                using var signer = through.Signer();
                foreach (var duty in duties.Epoch(v.PublicKey, epoch, v.Id))
                {
                    var before = await signer.PathCountsAsync(ct).ConfigureAwait(false);
                    var answer = await signer.SignAsync(duty, ct).ConfigureAwait(false);
                    if (answer.Signature is null)
                    {
                        failures.Add($"{v.Label} {duty.Type} epoch {epoch} through operator {through.OperatorId}: HTTP {(int)answer.Status} {Trim(answer.Message)}");
                        continue;
                    }
                    var path = answer.Path ?? (await signer.PathCountsAsync(ct).ConfigureAwait(false)).PathSince(before);
                    var verified = BlsSignature.TryDecode(Hex.DecodeData(answer.Signature), out var signature)
                        && key.Verify(Hex.DecodeData(duty.SigningRoot), signature!);
                    produced.Add(new SignatureRecord("owner stopped", v.Id, through.Number, duty.Type, duty.PublicKey, duty.SigningRoot, answer.Signature, path,
                        verified, duty.Slot, duty.SourceEpoch, duty.TargetEpoch));
                    if (!verified)
                        failures.Add($"{v.Label} {duty.Type} epoch {epoch}: the signature does not verify under {ShortKey(v.PublicKey)}");
                    else if (path != "threshold")
                        failures.Add($"{v.Label} {duty.Type} epoch {epoch} through operator {through.OperatorId}: signed by the {path} path, expected threshold");
                }
            }
        }
        Signatures.AddRange(produced);
        Record("duties are threshold-signed through other holders' validator-client APIs with the owner's coordinator down",
            failures.Count == 0 && produced.Count > 0,
            failures.Count == 0
                ? $"{produced.Count} signatures verified, all threshold, through coordinators {string.Join(", ", produced.Select(p => p.Coordinator).Distinct())}"
                : $"{failures.Count} problems, first: {failures[0]}",
            started);

        started = Stopwatch.StartNew();
        await Owner.StartAsync(ct).ConfigureAwait(false);
        await Owner.WaitUntilUpAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        var served = await WaitForKeysAsync(Owner, validators.Select(v => v.PublicKey), ct).ConfigureAwait(false);
        Record("the owner's coordinator serves its validators again after the restart", served.Ok, served.Detail, started);
    }

    // ------------------------------------------------------------------ operator exit: reshare

    private async Task OperatorExitPhaseAsync(CancellationToken ct)
    {
        console.Phase("an operator joins, another exits: its shares are reshared");
        var started = Stopwatch.StartNew();
        var newcomer = await cluster.AddOperatorAsync(ct: ct).ConfigureAwait(false);
        await newcomer.StartAsync(ct).ConfigureAwait(false);
        await newcomer.WaitUntilUpAsync(TimeSpan.FromSeconds(60), ct).ConfigureAwait(false);
        console.Step($"operator {newcomer.OperatorId} joined ({newcomer.Address}) and its coordinator runs");

        var dvt = validators.Where(v => v.Mode != Solo).ToArray();
        var held = new Dictionary<ulong, ulong[]>();
        foreach (var v in dvt)
            held[v.Id] = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
        // The leaver holds shares of as many validators as possible (all of them when it can), and is not the owner.
        var leaving = cluster.Nodes.Where(n => n.OperatorId != Owner.OperatorId && n != newcomer && n.Running)
            .OrderByDescending(n => held.Values.Count(h => h.Contains(n.OperatorId))).ThenByDescending(n => n.OperatorId).First();
        dvt = dvt.Where(v => held[v.Id].Contains(leaving.OperatorId)).ToArray();
        var keysBefore = new Dictionary<ulong, string>();
        foreach (var v in dvt)
            keysBefore[v.Id] = v.PublicKey;
        await cluster.ExitOperatorAsync(leaving, ct).ConfigureAwait(false);
        console.Step($"operator {leaving.OperatorId} requested its exit; the registry started reshare rounds");

        var reshared = await WaitAsync(async () =>
        {
            var notes = new List<string>();
            var done = true;
            foreach (var v in dvt)
            {
                var state = await cluster.Registry.GetValidatorAsync(v.Id, ct: ct).ConfigureAwait(false);
                var holders = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
                var round = state.CurrentRound == 0 ? null : await cluster.Registry.GetRoundAsync(v.Id, state.CurrentRound, ct: ct).ConfigureAwait(false);
                var ok = round is { Kind: RoundReshare, Status: RoundCompleted } && !holders.Contains(leaving.OperatorId) && holders.Length == ShareCount(v.Mode);
                done &= ok;
                notes.Add($"{v.Id}: round {state.CurrentRound} {(round is null ? "-" : Cli.RegistryNames.RoundKind(round.Kind) + " " + Cli.RegistryNames.RoundStatus(round.Status))}, holders [{string.Join(",", holders)}]");
            }
            return (done, string.Join("; ", notes));
        }, profile.ChangeTimeout, "reshare rounds", ct).ConfigureAwait(false);
        Record($"operator {leaving.OperatorId}'s shares are reshared to other operators", reshared.Ok, reshared.Detail, started);

        started = Stopwatch.StartNew();
        var unchanged = true;
        var notes = new List<string>();
        foreach (var v in dvt)
        {
            var key = Hex.Encode((await cluster.Registry.GetValidatorKeyAsync(v.Id, ct: ct).ConfigureAwait(false)).PublicKey).ToLowerInvariant();
            unchanged &= key == keysBefore[v.Id];
            notes.Add($"{v.Label} {ShortKey(key)}");
        }
        Record("validator public keys unchanged by the reshare", unchanged, string.Join(", ", notes), started);

        started = Stopwatch.StartNew();
        var deleted = await WaitAsync(() => Task.FromResult(
            (dvt.All(v => leaving.ShareFiles(v.Id).Count == 0), $"share files left at operator {leaving.OperatorId}: {dvt.Sum(v => leaving.ShareFiles(v.Id).Count)}")),
            TimeSpan.FromSeconds(30), "share deletion", ct).ConfigureAwait(false);
        Record($"the exited operator {leaving.OperatorId} deleted its shares", deleted.Ok, deleted.Ok ? "no share files left in its data directory" : deleted.Detail, started);
        await leaving.StopAsync(crash: false).ConfigureAwait(false);
        console.Step($"operator {leaving.OperatorId}'s coordinator stopped (it has left)");

        var newcomerKeys = new List<string>();
        foreach (var v in dvt)
        {
            if ((await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false)).Contains(newcomer.OperatorId))
                newcomerKeys.Add(v.PublicKey);
        }
        var servedByNewcomer = await WaitForKeysAsync(newcomer, newcomerKeys, ct).ConfigureAwait(false);
        if (!servedByNewcomer.Ok)
            console.Step($"the newcomer does not serve its new keys yet: {servedByNewcomer.Detail}");
        var signedBeforeReshare = nextEpoch - 1;
        await SignPhaseAsync("after reshare", "the new holder set threshold-signs under the same validator keys", ct).ConfigureAwait(false);

        // The history is the validator's: a vote conflicting with one signed before the reshare is refused by the new set.
        started = Stopwatch.StartNew();
        var conflictNotes = new List<string>();
        var allRefused = true;
        using (var ownerSigner = Owner.Signer())
        {
            foreach (var v in dvt)
            {
                var answer = await ownerSigner.SignAsync(duties.ConflictingAttestation(v.PublicKey, signedBeforeReshare), ct).ConfigureAwait(false);
                allRefused &= answer.Status == HttpStatusCode.PreconditionFailed;
                conflictNotes.Add($"{v.Label}: HTTP {(int)answer.Status} {Trim(answer.Message)}");
            }
        }
        Record($"a double vote for epoch {signedBeforeReshare} (signed before the reshare) is refused after it", allRefused && dvt.Length > 0,
            string.Join("; ", conflictNotes), started);
    }

    // ------------------------------------------------------------------ who may get a signature

    /// <summary>
    /// The rules every holder enforces, probed as an outsider and as a hostile holder would: nothing but the peer API on
    /// the public listener; lifecycle messages only as the registry records them; a replayed peer request refused.
    /// </summary>
    private async Task SigningRulesPhaseAsync(CancellationToken ct)
    {
        var v = validators.First(x => x.Mode != Solo);
        var holders = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
        var holder = cluster.Node(holders.First(h => h != Owner.OperatorId));
        console.Phase($"signing rules, probed at operator {holder.OperatorId} (a holder of {v.Label})");

        var started = Stopwatch.StartNew();
        using (var anonymous = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var duty = duties.Epoch(v.PublicKey, nextEpoch + 1000, v.Id).First(d => d.Type == "RANDAO_REVEAL");
            using var content = new StringContent(duty.Body, System.Text.Encoding.UTF8, "application/json");
            using var sign = await anonymous.PostAsync(new Uri(holder.Endpoint, $"/api/v1/eth2/sign/{v.PublicKey}"), content, ct).ConfigureAwait(false);
            using var metrics = await anonymous.GetAsync(new Uri(holder.Endpoint, "/metrics"), ct).ConfigureAwait(false);
            Record("an anonymous caller on the public (registered) listener gets no signature and no metrics",
                sign.StatusCode == HttpStatusCode.NotFound && metrics.StatusCode == HttpStatusCode.NotFound,
                $"POST /api/v1/eth2/sign at {holder.Endpoint}: HTTP {(int)sign.StatusCode}; GET /metrics: HTTP {(int)metrics.StatusCode}", started);
        }

        using var signer = holder.Signer();
        async Task Refused(string name, DutyRequest request, string rule)
        {
            var begun = Stopwatch.StartNew();
            var answer = await signer.SignAsync(request, ct).ConfigureAwait(false);
            Record(name, answer.Status == HttpStatusCode.Forbidden && answer.Message.Contains(rule, StringComparison.Ordinal),
                $"HTTP {(int)answer.Status}: {Trim(answer.Message)}", begun);
        }
        await Refused("a holder gets no DEPOSIT with its own withdrawal credentials",
            LifecycleRequests.Deposit(v.PublicKey, LifecycleRequests.ForeignCredentials), "deposit.").ConfigureAwait(false);
        await Refused("a holder gets no VOLUNTARY_EXIT the owner did not request",
            LifecycleRequests.VoluntaryExit(v.PublicKey, DevnetCluster.GenesisValidatorsRoot, v.Id), "exit.requested").ConfigureAwait(false);
        await Refused("a holder gets no VALIDATOR_REGISTRATION paying a foreign fee recipient",
            LifecycleRequests.Registration(v.PublicKey, LifecycleRequests.ForeignAddress), "registration.fee-recipient").ConfigureAwait(false);

        // A peer request replayed with its nonce in capitals: the holder must see the same nonce.
        started = Stopwatch.StartNew();
        var randao = duties.Epoch(v.PublicKey, nextEpoch + 1001, v.Id).First(d => d.Type == "RANDAO_REVEAL");
        var body = Signer.Peer.PartialSignatureMessages.EncodeRequest(BlsPublicKey.Decode(Hex.DecodeData(v.PublicKey)), System.Text.Encoding.UTF8.GetBytes(randao.Body));
        using var requestSigner = new Signer.Peer.PeerRequestSigner(new Dvt.Consensus.Primitives.OperatorId(Owner.OperatorId), Owner.Keys.EthereumKey, TimeProvider.System);
        var headers = requestSigner.CreateHeaders(new Dvt.Consensus.Primitives.OperatorId(holder.OperatorId), "POST", Signer.Peer.PartialSignatureMessages.Path, body);
        var capitalised = headers.Select(h => h.Key == Signer.Peer.PeerRequestHeaders.Nonce ? new KeyValuePair<string, string>(h.Key, "0x" + h.Value[2..].ToUpperInvariant()) : h).ToList();
        using var peer = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        async Task<HttpStatusCode> Post(IEnumerable<KeyValuePair<string, string>> with)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(holder.Endpoint, Signer.Peer.PartialSignatureMessages.Path)) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            foreach (var header in with)
                request.Headers.TryAddWithoutValidation(header.Key, header.Value);
            using var response = await peer.SendAsync(request, ct).ConfigureAwait(false);
            return response.StatusCode;
        }
        var first = await Post(headers).ConfigureAwait(false);
        var replay = await Post(capitalised).ConfigureAwait(false);
        Record("a peer request replayed with its nonce in capitals is refused", first == HttpStatusCode.OK && replay == HttpStatusCode.Unauthorized,
            $"first: HTTP {(int)first}; replay: HTTP {(int)replay}", started);
    }

    // ------------------------------------------------------------------ validator exit

    private async Task ValidatorExitPhaseAsync(CancellationToken ct)
    {
        var exiting = validators.First(v => v.Label == "3-of-4 dkg");
        console.Phase($"validator {exiting.Id} ({exiting.Label}) exits");
        var started = Stopwatch.StartNew();
        var holders = await cluster.Registry.GetHoldersAsync(exiting.Id, ct: ct).ConfigureAwait(false);
        var nodes = holders.Select(cluster.Node).ToArray();
        cluster.Beacon.ExitQueueMoves = false; // hold the simulated exit queue: the validator is active_exiting until released
        await Owner.TransactAsync(r => r.RequestValidatorExitAsync(exiting.Id, ct), ct).ConfigureAwait(false);
        console.Step($"exit requested by its owner, operator {Owner.OperatorId}; holders [{string.Join(",", holders)}] sign the voluntary exit");
        var accepted = await WaitAsync(() => Task.FromResult((cluster.Beacon.AcceptedExits.Count > acceptedBefore,
            $"exits accepted by the simulated beacon node: {cluster.Beacon.AcceptedExits.Count}; refused: {string.Join("; ", cluster.Beacon.RefusedExits)}")),
            profile.ChangeTimeout, "the voluntary exit at the beacon node", ct).ConfigureAwait(false);
        Record($"validator {exiting.Id}'s voluntary exit verifies at the beacon node under the Capella domain (EIP-7044)", accepted.Ok, accepted.Detail, started);
        await Eip7044ExitRequestAsync(exiting, ct).ConfigureAwait(false);

        started = Stopwatch.StartNew();
        var state = await cluster.Registry.GetValidatorAsync(exiting.Id, ct: ct).ConfigureAwait(false);
        var kept = nodes.All(n => n.ShareFiles(exiting.Id).Count > 0);
        Record($"while the beacon chain has not exited it, validator {exiting.Id} stays exit-requested and every holder keeps its share",
            kept && state.Status == StatusExitRequested,
            $"status {Cli.RegistryNames.ValidatorStatus(state.Status)}; holders with a share: {nodes.Count(n => n.ShareFiles(exiting.Id).Count > 0)} of {nodes.Length}", started);
        await SignPhaseAsync("exit queued", $"validator {exiting.Id}'s duties are still threshold-signed while it waits in the exit queue", ct).ConfigureAwait(false);

        started = Stopwatch.StartNew();
        cluster.Beacon.ExitQueueMoves = true;
        var exited = await WaitAsync(async () =>
        {
            var now = await cluster.Registry.GetValidatorAsync(exiting.Id, ct: ct).ConfigureAwait(false);
            return (now.Status == StatusExited, $"status {Cli.RegistryNames.ValidatorStatus(now.Status)}");
        }, profile.ChangeTimeout, "exit confirmation", ct).ConfigureAwait(false);
        Record($"validator {exiting.Id}'s exit is confirmed on chain once the beacon node reports it exited", exited.Ok, exited.Detail, started);

        started = Stopwatch.StartNew();
        var deleted = await WaitAsync(() => Task.FromResult(
            (nodes.All(n => n.ShareFiles(exiting.Id).Count == 0),
             $"share files left: {string.Join(", ", nodes.Where(n => n.ShareFiles(exiting.Id).Count > 0).Select(n => $"operator {n.OperatorId}"))}")),
            TimeSpan.FromSeconds(60), "share deletion", ct).ConfigureAwait(false);
        var onChain = await cluster.Registry.GetHoldersAsync(exiting.Id, ct: ct).ConfigureAwait(false);
        Record($"validator {exiting.Id}'s shares are deleted everywhere", deleted.Ok && onChain.Length == 0,
            deleted.Ok ? $"no share files at operators {string.Join(",", holders)}; holders on-chain: {onChain.Length}" : deleted.Detail, started);
        validators.Remove(exiting);
        acceptedBefore = cluster.Beacon.AcceptedExits.Count;
    }

    private int acceptedBefore;

    /// <summary>
    /// EIP-7044 through the Web3Signer API: a client on the current fork (Fulu) sends the Capella-domain root and is
    /// served; a client without signingRoot gets a signature under the Capella domain too.
    /// </summary>
    private async Task Eip7044ExitRequestAsync(ValidatorUnderTest v, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var network = cluster.Network;
        var exit = new Dvt.Consensus.Containers.VoluntaryExit(new Dvt.Consensus.Primitives.Epoch(1), new Dvt.Consensus.Primitives.ValidatorIndex(1_000_000 + v.Id));
        var capellaRoot = Stages.DepositMessages.ExitSigningRoot(exit, network.Forks.CapellaVersion, network.GenesisValidatorsRoot!.Value);
        var fulu = network.Forks[Dvt.Consensus.Networks.ConsensusFork.Fulu];
        var electra = network.Forks[Dvt.Consensus.Networks.ConsensusFork.Electra];
        var forkInfo = new Dvt.Consensus.Signing.ForkInfo(new Dvt.Consensus.Containers.Fork(electra.Version, fulu.Version, fulu.Epoch!.Value), network.GenesisValidatorsRoot!.Value);
        var body = Stages.DepositMessages.ExitWeb3SignerBody(exit, forkInfo, capellaRoot);
        var withoutRoot = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        withoutRoot.Remove("signingRoot");
        var key = BlsPublicKey.Decode(Hex.DecodeData(v.PublicKey));
        using var signer = Owner.Signer();
        var notes = new List<string>();
        var ok = true;
        foreach (var (label, text) in new[] { ("with signingRoot", System.Text.Encoding.UTF8.GetString(body)), ("without signingRoot", withoutRoot.ToJsonString()) })
        {
            var answer = await signer.SignAsync(new DutyRequest("VOLUNTARY_EXIT", v.PublicKey, capellaRoot.ToString(), text, null, null, null), ct).ConfigureAwait(false);
            var verified = answer.Signature is not null && BlsSignature.TryDecode(Hex.DecodeData(answer.Signature), out var signature)
                && key.Verify(capellaRoot.AsSpan(), signature!);
            ok &= verified;
            notes.Add(verified ? $"{label}: signed under the Capella domain" : $"{label}: HTTP {(int)answer.Status} {Trim(answer.Message)}");
        }
        Record($"a Fulu client's VOLUNTARY_EXIT request for validator {v.Id} is signed under the Capella domain (EIP-7044)", ok, string.Join("; ", notes), started);
    }

    // ------------------------------------------------------------------ fewer than n operators: back to solo

    private async Task BelowThresholdPhaseAsync(CancellationToken ct)
    {
        var dvt = validators.Where(v => v.Mode != Solo).ToArray();
        var active = (int)(ulong)await cluster.Registry.ActiveOperatorCountAsync(ct: ct).ConfigureAwait(false);
        var target = dvt.OrderBy(v => v.Mode).First();
        var holders = await cluster.Registry.GetHoldersAsync(target.Id, ct: ct).ConfigureAwait(false);
        console.Phase($"operators leave until fewer than n = {ShareCount(target.Mode)} remain");
        var started = Stopwatch.StartNew();
        var expectSolo = new List<ValidatorUnderTest>();
        // Operators leave (never the owner) until the active count is below the smallest validator's n.
        var leavers = cluster.Nodes.Where(n => n.Running && n.OperatorId != Owner.OperatorId).OrderBy(n => holders.Contains(n.OperatorId) ? 0 : 1).ThenByDescending(n => n.OperatorId).ToList();
        var exited = new List<CoordinatorNode>();
        while (active >= ShareCount(target.Mode) && leavers.Count > 0)
        {
            var leaving = leavers[0];
            leavers.RemoveAt(0);
            await cluster.ExitOperatorAsync(leaving, ct).ConfigureAwait(false);
            active--;
            exited.Add(leaving);
            console.Step($"operator {leaving.OperatorId} exited; {active} active operators remain");
        }
        expectSolo.AddRange(dvt.Where(v => ShareCount(v.Mode) > active));
        var reverted = await WaitAsync(async () =>
        {
            var done = true;
            var notes = new List<string>();
            foreach (var v in expectSolo)
            {
                var state = await cluster.Registry.GetValidatorAsync(v.Id, ct: ct).ConfigureAwait(false);
                var now = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
                done &= state.Kind == KindSolo && now.Length == 1 && now[0] == Owner.OperatorId;
                notes.Add($"{v.Id}: {Cli.RegistryNames.ValidatorKind(state.Kind)}, holders [{string.Join(",", now)}]");
            }
            return (done, string.Join("; ", notes));
        }, profile.ChangeTimeout, "revert to solo", ct).ConfigureAwait(false);
        Record($"with {active} operators left, {string.Join(", ", expectSolo.Select(v => v.Label))} reverts to solo", reverted.Ok && expectSolo.Count > 0, reverted.Detail, started);

        started = Stopwatch.StartNew();
        var former = cluster.Nodes.Where(n => n.OperatorId != Owner.OperatorId).ToArray();
        var deleted = await WaitAsync(() => Task.FromResult(
            (former.All(n => expectSolo.All(v => n.ShareFiles(v.Id).Count == 0)),
             $"share files left at: {string.Join(", ", former.Where(n => expectSolo.Any(v => n.ShareFiles(v.Id).Count > 0)).Select(n => $"operator {n.OperatorId}"))}")),
            TimeSpan.FromSeconds(60), "share deletion", ct).ConfigureAwait(false);
        Record("the other holders deleted their shares of the reverted validator", deleted.Ok,
            deleted.Ok ? $"no share files of it at operators {string.Join(",", former.Select(n => n.OperatorId))}" : deleted.Detail, started);
        foreach (var node in exited)
            await node.StopAsync(crash: false).ConfigureAwait(false);
        await SignPhaseAsync("reverted to solo", "the owner signs the reverted validator alone, with its full key, under the same public key", ct).ConfigureAwait(false);
    }

    // ------------------------------------------------------------------ signing

    private async Task SignPhaseAsync(string phase, string promise, CancellationToken ct)
    {
        var started = Stopwatch.StartNew();
        var expected = new Dictionary<ulong, string>();
        foreach (var v in validators)
            expected[v.Id] = await ExpectedPathAsync(v, ct).ConfigureAwait(false);
        var failures = new List<string>();
        var produced = new List<SignatureRecord>();
        using var signer = Owner.Signer();
        for (var e = 0; e < profile.EpochsPerPhase; e++)
        {
            var epoch = nextEpoch++;
            foreach (var v in validators)
            {
                var key = BlsPublicKey.Decode(Hex.DecodeData(v.PublicKey));
                foreach (var duty in duties.Epoch(v.PublicKey, epoch, v.Id))
                {
                    var before = await signer.PathCountsAsync(ct).ConfigureAwait(false);
                    var answer = await signer.SignAsync(duty, ct).ConfigureAwait(false);
                    if (answer.Signature is null)
                    {
                        failures.Add($"{v.Label} {duty.Type} epoch {epoch}: HTTP {(int)answer.Status} {Trim(answer.Message)}");
                        continue;
                    }
                    var path = answer.Path ?? (await signer.PathCountsAsync(ct).ConfigureAwait(false)).PathSince(before);
                    var verified = BlsSignature.TryDecode(Hex.DecodeData(answer.Signature), out var signature)
                        && key.Verify(Hex.DecodeData(duty.SigningRoot), signature!);
                    var record = new SignatureRecord(phase, v.Id, Owner.Number, duty.Type, duty.PublicKey, duty.SigningRoot, answer.Signature, path, verified,
                        duty.Slot, duty.SourceEpoch, duty.TargetEpoch);
                    produced.Add(record);
                    if (!verified)
                        failures.Add($"{v.Label} {duty.Type} epoch {epoch}: the signature does not verify under {ShortKey(v.PublicKey)}");
                    else if (path != expected[v.Id])
                        failures.Add($"{v.Label} {duty.Type} epoch {epoch}: signed by the {path} path, expected {expected[v.Id]}");
                }
            }
        }
        Signatures.AddRange(produced);
        var byPath = string.Join(", ", produced.GroupBy(s => s.Path).Select(g => $"{g.Count()} {g.Key}"));
        Record(promise, failures.Count == 0 && produced.Count > 0,
            failures.Count == 0
                ? $"{produced.Count} signatures verified ({byPath}); expected {string.Join(", ", validators.Select(v => $"{v.Label}: {expected[v.Id]}"))}"
                : $"{failures.Count} problems, first: {failures[0]}",
            started);
    }

    /// <summary>threshold when at most f holders are down, recovery when more are but f+1 remain, solo for a solo key.</summary>
    private async Task<string> ExpectedPathAsync(ValidatorUnderTest v, CancellationToken ct)
    {
        var state = await cluster.Registry.GetValidatorAsync(v.Id, ct: ct).ConfigureAwait(false);
        if (state.Kind != KindDvt)
            return "solo";
        var holders = await cluster.Registry.GetHoldersAsync(v.Id, ct: ct).ConfigureAwait(false);
        var n = holders.Length;
        var f = (n - 1) / 3;
        var down = holders.Count(h => !cluster.Node(h).Running);
        return down <= f ? "threshold" : n - down >= f + 1 ? "recovery" : "none";
    }

    // ------------------------------------------------------------------ helpers

    private async Task<(bool Ok, string Detail)> WaitForKeysAsync(CoordinatorNode node, IEnumerable<string> keys, CancellationToken ct) =>
        await WaitForKeysAsync([node], keys, ct).ConfigureAwait(false);

    private async Task<(bool Ok, string Detail)> WaitForKeysAsync(IReadOnlyList<CoordinatorNode> nodes, IEnumerable<string> keys, CancellationToken ct)
    {
        var wanted = keys.ToArray();
        var lacking = new HashSet<CoordinatorNode>();
        var result = await WaitAsync(async () =>
        {
            var missing = new List<string>();
            foreach (var node in nodes)
            {
                using var signer = node.Signer();
                var served = await signer.PublicKeysAsync(ct).ConfigureAwait(false);
                var notServed = wanted.Where(k => !served.Contains(k)).ToList();
                missing.AddRange(notServed.Select(k => $"operator {node.OperatorId} lacks {ShortKey(k)}"));
                if (notServed.Count > 0)
                    lacking.Add(node);
                else
                    lacking.Remove(node);
            }
            return (missing.Count == 0, missing.Count == 0 ? $"{wanted.Length} keys served by operator(s) {string.Join(",", nodes.Select(n => n.OperatorId))}" : string.Join("; ", missing));
        }, TimeSpan.FromSeconds(60), "served keys", ct).ConfigureAwait(false);
        // What the coordinators that lack a key were doing last (a loop that stopped passing shows in the timestamps).
        return result.Ok ? result : (false, result.Detail + string.Concat(lacking.Select(n => $"; operator {n.OperatorId}'s last log lines: {n.LastLines(6)}")));
    }

    private async Task<(bool Ok, string Detail)> WaitAsync(Func<Task<(bool Done, string Detail)>> probe, TimeSpan timeout, string what, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var last = "";
        var lastShown = "";
        while (deadline.Elapsed < timeout)
        {
            try
            {
                var (done, detail) = await probe().ConfigureAwait(false);
                if (done)
                    return (true, detail);
                last = detail;
                if (last != lastShown && deadline.Elapsed > TimeSpan.FromSeconds(5))
                {
                    console.Step($"waiting for {what}: {last}");
                    lastShown = last;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(500, ct).ConfigureAwait(false);
        }
        return (false, $"not within {timeout.TotalSeconds:0} s; last seen: {last}");
    }

    private void Record(string name, bool passed, string detail, Stopwatch? started = null)
    {
        var check = new CheckResult(name, passed, detail, Math.Round(started?.Elapsed.TotalSeconds ?? 0, 1));
        Checks.Add(check);
        console.Check(check);
    }

    private static int ShareCount(byte mode) => mode switch
    {
        1 => 4,
        2 => 7,
        3 => 10,
        4 => 13,
        _ => 1,
    };

    private static string ShortKey(string key) => key.Length > 14 ? key[..10] + "…" : key;

    private static string Trim(string message) => message.Length <= 200 ? message : message[..200] + "…";
}
