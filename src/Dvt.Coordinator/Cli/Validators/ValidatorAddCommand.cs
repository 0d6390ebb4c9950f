using System.CommandLine;
using Dvt.Consensus.Primitives;
using Dvt.ContractBindings;
using Dvt.ContractBindings.Abi;
using Dvt.ContractBindings.Contracts;
using Dvt.ContractBindings.Rpc;
using Dvt.ContractBindings.Transactions;
using Dvt.Crypto.Bls;
using Dvt.Crypto.Keystores;
using Spectre.Console;

namespace Dvt.Coordinator.Cli.Validators;

/// <summary>
/// `dvt validator add`: a new validator (requestValidator with 32 ETH; the coordinators generate the key, split or
/// DKG, and deposit), or an existing key moved into dvt (--import-keystore: the key is staged in the data directory
/// for this operator's coordinator, which deals it to the holders).
/// </summary>
public static class ValidatorAddCommand
{
    private const byte Solo = 0;
    private const byte KeyGenerationNone = 0;
    private const byte KeyGenerationSplit = 1;
    private const byte KeyGenerationDkg = 2;
    private const byte StatusDeposited = 3;
    public const string CoordinatorUrlVariable = "DVT_COORDINATOR_URL";
    public const string DefaultCoordinatorUrl = "http://127.0.0.1:9001";

    public static Command Create()
    {
        var chain = new ChainOptions();
        var options = new OperatorOptions();
        var mode = new Option<string>("--mode")
        {
            Description = "solo, or a DVT mode: 3-of-4, 5-of-7, 7-of-10, 9-of-13",
            Required = true,
        };
        mode.AcceptOnlyFromAmong([.. RegistryNames.ModeNames]);
        var keygen = new Option<string?>("--keygen")
        {
            Description = "how the DVT key is made: split (this operator makes the key and deals shares; default) or dkg (every holder deals, nobody sees the whole key until the escrow is opened)",
        };
        keygen.AcceptOnlyFromAmong("split", "dkg");
        var importKeystore = new Option<FileInfo?>("--import-keystore")
        {
            Description = "an existing validator key (EIP-2335 keystore) to run in dvt instead of a new key",
            HelpName = "FILE",
        };
        var keystorePassword = new PasswordOptions("the imported keystore", "--keystore-password");
        var alreadyDeposited = new Option<bool>("--already-deposited")
        {
            Description = "the imported key is already an active validator: register it without a new 32 ETH deposit (importValidator)",
        };
        var history = new Option<FileInfo?>("--slashing-protection")
        {
            Description = "the imported key's EIP-3076 slashing-protection interchange: its highest signed block slot, source and target epoch are published on-chain with importValidator, so every holder refuses to sign at or below them [default: none, all 0]",
            HelpName = "FILE",
        };
        var withdrawal = new Option<string?>("--withdrawal-address")
        {
            Description = "execution address that receives withdrawals (0x01 credentials) [default: the operator's address]",
            HelpName = "ADDR",
        };
        var wait = new Option<bool>("--wait")
        {
            Description = "wait until the coordinators generated the key and deposited (or imported) it, and this operator's coordinator serves it to validator clients",
        };
        var coordinatorUrl = new Option<string?>("--coordinator-url")
        {
            Description = $"with --wait: the Web3Signer API of this operator's coordinator, where the key must be served (its validatorClientListen) [default: ${CoordinatorUrlVariable}, else {DefaultCoordinatorUrl}]",
            HelpName = "URL",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "seconds --wait waits at most",
            DefaultValueFactory = _ => 300,
        };

        var command = new Command("add", "add a validator: solo or DVT, a new key (32 ETH) or an imported one");
        command.Options.Add(mode);
        command.Options.Add(keygen);
        command.Options.Add(importKeystore);
        keystorePassword.AddTo(command);
        command.Options.Add(alreadyDeposited);
        command.Options.Add(history);
        command.Options.Add(withdrawal);
        command.Options.Add(wait);
        command.Options.Add(coordinatorUrl);
        command.Options.Add(timeout);
        chain.AddTo(command);
        options.AddTo(command, withKdf: true);

        command.SetAction(async (parse, ct) =>
        {
            var modeValue = RegistryNames.ParseMode(parse.GetValue(mode)!)!.Value;
            var keygenText = parse.GetValue(keygen);
            byte generation = modeValue == Solo ? KeyGenerationNone : keygenText == "dkg" ? KeyGenerationDkg : KeyGenerationSplit;
            if (modeValue == Solo && keygenText is not null)
                throw new UsageException("--keygen: a solo validator has no key round; leave --keygen out");
            var importFile = parse.GetValue(importKeystore);
            if (importFile is not null && generation == KeyGenerationDkg)
                throw new UsageException("--keygen dkg: an imported key already exists, so it can only be split (leave --keygen out or give split)");
            if (importFile is null && parse.GetValue(alreadyDeposited))
                throw new UsageException("--already-deposited needs --import-keystore FILE (the key of the active validator)");
            if (importFile is not null && !importFile.Exists)
                throw new UsageException($"--import-keystore: {importFile.FullName} does not exist");
            var historyFile = parse.GetValue(history);
            if (historyFile is not null && !parse.GetValue(alreadyDeposited))
                throw new UsageException("--slashing-protection needs --already-deposited (only an active validator has a signing history)");
            if (historyFile is not null && !historyFile.Exists)
                throw new UsageException($"--slashing-protection: {historyFile.FullName} does not exist");
            if (parse.GetValue(timeout) <= 0)
                throw new UsageException("--timeout: must be a positive number of seconds");
            Address? withdrawalAddress = null;
            if (parse.GetValue(withdrawal) is { } text)
            {
                if (!Address.TryParse(text, out var parsed))
                    throw new UsageException($"--withdrawal-address: '{text}' is not a 20-byte hex address (0x + 40 hex digits, EIP-55 checksum if mixed case)");
                withdrawalAddress = parsed;
            }

            var target = chain.Resolve(parse);
            var keystorePasswordSource = importFile is null ? null : keystorePassword.Resolve(parse);
            using var keys = options.Open(parse);
            var credentials = WithdrawalCredentials.ForAddress(withdrawalAddress ?? keys.Address);
            var registry = await target.OpenForSendingAsync(keys.EthereumKey, ct).ConfigureAwait(false);

            string? importedKey = null;
            if (importFile is not null)
            {
                using var key = DecryptImport(importFile.FullName, keystorePasswordSource!);
                importedKey = key.PublicKey.Bytes.ToHex();
                var staged = keys.StageImport(key, credentials.Bytes);
                AnsiConsole.MarkupLine(Markup.Escape($"staged key {importedKey} for this operator's coordinator ({staged.File})"));
            }

            TransactionReceipt receipt;
            if (importedKey is not null && parse.GetValue(alreadyDeposited))
            {
                var publicKey = Hex.DecodeData(importedKey);
                var watermarks = historyFile is null ? ImportWatermarks.None : ImportWatermarks.Read(historyFile.FullName, publicKey);
                receipt = await ImportValidatorAsync(registry, publicKey, modeValue, credentials, watermarks, ct).ConfigureAwait(false);
            }
            else
                receipt = await registry.RequestValidatorAsync(modeValue, generation, credentials, UInt256.Ether(32), ct).ConfigureAwait(false);

            var requested = receipt.Logs
                .Where(l => l.Address.Equals(registry.Address) && l.Topics.Count > 0 && l.Topics[0] == DvtRegistryContract.ValidatorRequestedEvent.Topic0)
                .Select(DvtRegistryContract.ValidatorRequestedEvent.Decode)
                .Single();
            AnsiConsole.MarkupLine(Markup.Escape(
                $"validator {requested.ValidatorId}: mode {RegistryNames.Mode(requested.Mode)}, kind {RegistryNames.ValidatorKind(requested.Kind)}, "
                + $"key {(importedKey is null ? RegistryNames.RoundKind(requested.KeyGeneration) : "imported " + importedKey)}, "
                + $"withdrawal credentials {credentials} (block {receipt.BlockNumber})"));
            await DrawWhenDueAsync(registry, requested.ValidatorId, ct).ConfigureAwait(false);
            if (parse.GetValue(wait))
            {
                var waitUntil = DateTime.UtcNow + TimeSpan.FromSeconds(parse.GetValue(timeout));
                await ValidatorProgress.WaitForStatusAsync(registry, requested.ValidatorId, StatusDeposited, waitUntil - DateTime.UtcNow, ct).ConfigureAwait(false);
                var signerUrl = CoordinatorUrl(parse.GetValue(coordinatorUrl));
                var key = (await registry.GetValidatorKeyAsync(requested.ValidatorId, ct: ct).ConfigureAwait(false)).PublicKey;
                await ValidatorProgress.WaitUntilServedAsync(signerUrl, requested.ValidatorId, key, waitUntil - DateTime.UtcNow, ct).ConfigureAwait(false);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// A DVT request leaves its holders to be drawn from a later block's prevrandao by a permissionless call: the
    /// requester makes it as soon as it is due (its coordinator, or any other, may have made it first: then the
    /// registry says NoDrawPending and there is nothing to do).
    /// </summary>
    private static async Task DrawWhenDueAsync(DvtRegistryContract registry, ulong validatorId, CancellationToken ct)
    {
        var due = await registry.PendingDrawAsync(validatorId, ct: ct).ConfigureAwait(false);
        if (due == 0)
            return;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await registry.Rpc.BlockNumberAsync(ct).ConfigureAwait(false)).Value + 1 < due)
        {
            if (DateTime.UtcNow > deadline)
                throw new CommandFailedException($"validator {validatorId}: block {due}, from which its holders may be drawn, did not come within 60 s; any holder's coordinator will draw them (drawHolders)");
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
        }
        try
        {
            await registry.DrawHoldersAsync(validatorId, ct).ConfigureAwait(false);
            var holders = await registry.GetHoldersAsync(validatorId, ct: ct).ConfigureAwait(false);
            AnsiConsole.MarkupLine(Markup.Escape($"validator {validatorId}: holders drawn: {string.Join(", ", holders)}"));
        }
        catch (DvtRegistryContract.NoDrawPendingException)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"validator {validatorId}: holders already drawn by a coordinator"));
        }
    }

    /// <summary>--coordinator-url, else $DVT_COORDINATOR_URL, else the default validatorClientListen on this machine.</summary>
    private static Uri CoordinatorUrl(string? given)
    {
        // Not the endpoint in the registry: that is the public peer listener, which serves no public keys.
        var text = given ?? Environment.GetEnvironmentVariable(CoordinatorUrlVariable) ?? DefaultCoordinatorUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new UsageException($"--coordinator-url: '{text}' is not an http:// or https:// URL");
        return url;
    }

    private static BlsSecretKey DecryptImport(string file, Dvt.ContractBindings.Keystore.PasswordSource password)
    {
        Keystore keystore;
        try
        {
            keystore = Keystore.Load(file);
        }
        catch (KeystoreFormatException e)
        {
            throw new CommandFailedException($"--import-keystore: {file} is not an EIP-2335 keystore: {e.Message}");
        }
        var bytes = password.ReadPassword();
        try
        {
            return keystore.DecryptBlsSecretKey(System.Text.Encoding.UTF8.GetString(bytes));
        }
        catch (KeystorePasswordException)
        {
            throw new CommandFailedException($"--import-keystore: wrong password for {file} (from {password.Description})");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>importValidator through the generated binding (Nethereum encodes the call; a refusal is the registry's typed error).</summary>
    private static Task<TransactionReceipt> ImportValidatorAsync(DvtRegistryContract registry, byte[] publicKey, byte mode, Hash32 credentials,
        ImportWatermarks watermarks, CancellationToken ct) =>
        registry.ImportValidatorAsync(publicKey, mode, credentials, watermarks.HighestSignedBlockSlot, watermarks.HighestSourceEpoch, watermarks.HighestTargetEpoch, ct);
}
