using Dvt.TestSupport;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dvt.Consensus;
using Dvt.Coordinator.Devnet;
using Dvt.Crypto.Bls;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Cli;

/// <summary>
/// `dvt devnet up --endpoints FILE` as a user runs it: it comes up, FILE tells where everything is, a signing request
/// to an operator's validator-client URL is threshold-signed, and SIGTERM stops it and every process it started.
/// </summary>
public sealed class DevnetUpTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Devnet_up_writes_its_endpoints_serves_signatures_and_stops_every_child_on_SIGTERM()
    {
        var folder = Directory.CreateTempSubdirectory("dvt-devnet-up-").FullName;
        var endpoints = Path.Combine(folder, "endpoints.json");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "exec", DvtExecutable.DllPath, "devnet", "up", "--endpoints", endpoints, "--work-dir", Path.Combine(folder, "run") })
            info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        using var devnet = Process.Start(info)!;
        var stdout = devnet.StandardOutput.ReadToEndAsync();
        var stderr = devnet.StandardError.ReadToEndAsync();
        var children = new HashSet<int>();
        try
        {
            await BoundedPoll.UntilAsync(_ => Task.FromResult(File.Exists(endpoints) || devnet.HasExited), done => done,
                TimeSpan.FromMinutes(4), TimeSpan.FromMilliseconds(200), CancellationToken.None);
            if (!File.Exists(endpoints))
            {
                // Not Assert.False(HasExited, $"...{await stdout}"): the message is built first, and awaiting the output
                // of a process that is still running never ends.
                if (devnet.HasExited)
                    Assert.Fail($"dvt devnet up exited early: {await stdout} {await stderr}");
                Assert.Fail("dvt devnet up did not write its endpoints within 4 minutes");
            }
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(endpoints));
            var root = document.RootElement;
            Assert.StartsWith("http://127.0.0.1:", root.GetProperty("rpcUrl").GetString());
            Assert.True(root.GetProperty("chainId").GetUInt64() > 0);
            Assert.Matches("^0x[0-9a-fA-F]{40}$", root.GetProperty("registry").GetString());
            var operators = root.GetProperty("operators").EnumerateArray().ToArray();
            Assert.Equal(4, operators.Length);
            foreach (var op in operators)
            {
                foreach (var field in new[] { "address", "peerUrl", "validatorClientUrl", "dataDir", "passwordFile", "config" })
                    Assert.False(string.IsNullOrEmpty(op.GetProperty(field).GetString()), field);
                Assert.True(File.Exists(op.GetProperty("config").GetString()));
                Assert.True(File.Exists(op.GetProperty("passwordFile").GetString()));
                if (!OperatingSystem.IsWindows())
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(op.GetProperty("passwordFile").GetString()!));
            }
            var validators = root.GetProperty("validators").EnumerateArray().ToArray();
            Assert.Equal(["solo", "3-of-4", "3-of-4"], validators.Select(v => v.GetProperty("mode").GetString()));
            var dvt = validators[1];
            Assert.Equal(4, dvt.GetProperty("holders").GetArrayLength());

            // A signing request at the owner's validator-client URL, threshold-signed and verified here.
            var owner = operators.Single(o => o.GetProperty("id").GetUInt64() == dvt.GetProperty("owner").GetUInt64());
            var publicKey = dvt.GetProperty("publicKey").GetString()!;
            var duty = new DutyFactory(ConsensusPreset.Mainnet, DevnetCluster.GenesisValidatorsRoot).Epoch(publicKey, 5, dvt.GetProperty("id").GetUInt64())
                .First(d => d.Type == "RANDAO_REVEAL");
            using var signer = new Web3SignerClient(new Uri(owner.GetProperty("validatorClientUrl").GetString()!));
            var answer = await signer.SignAsync(duty, CancellationToken.None);
            Assert.NotNull(answer.Signature);
            Assert.True(BlsSignature.TryDecode(Convert.FromHexString(answer.Signature![2..]), out var signature));
            Assert.True(BlsPublicKey.Decode(Convert.FromHexString(publicKey[2..])).Verify(Convert.FromHexString(duty.SigningRoot[2..]), signature!));

            foreach (var child in ChildrenOf(devnet.Id))
                children.Add(child);
            Assert.True(children.Count >= 5, $"expected anvil and 4 coordinators as children, found {children.Count}");

            Assert.Equal(0, Kill(devnet.Id, "TERM"));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await devnet.WaitForExitAsync(cts.Token);
            Assert.Equal(0, devnet.ExitCode);
            await BoundedPoll.UntilAsync(_ => Task.FromResult(!children.Any(Alive)), gone => gone,
                TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100), CancellationToken.None);
            Assert.DoesNotContain(children, Alive);
            Assert.Contains("stopped every process it started", await stdout);
        }
        catch
        {
            if (!devnet.HasExited)
                devnet.Kill(entireProcessTree: true);
            output.WriteLine(await stdout);
            output.WriteLine(await stderr);
            throw;
        }
        finally
        {
            foreach (var child in children.Where(Alive))
                Kill(child, "KILL");
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IEnumerable<int> ChildrenOf(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (int.Parse(fields[1], CultureInfo.InvariantCulture) == parent)
                yield return pid;
        }
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static int Kill(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
