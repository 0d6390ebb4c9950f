using System.Text.Json.Nodes;
using Dvt.Consensus;
using Dvt.Coordinator.Configuration;
using Dvt.Coordinator.Devnet;
using Dvt.Coordinator.Keys;
using Dvt.Coordinator.Tests.Daemon;
using Dvt.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Dvt.Coordinator.Tests.Dashboard;

/// <summary>
/// The dashboard at /ui/ in real headless Chromium against four coordinators on anvil: what the page shows is what
/// happened (operators, a 3-of-4 validator with its holders and state, peers up and down, duties signed and refused,
/// recovery-key uses), it updates without a reload, it loads nothing from anywhere but the coordinator, and text an
/// operator wrote into the registry stays text.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const byte ThreeOfFour = 1, Split = 1, Deposited = 3;
    private const string HostileEndpoint = "<img id=\"injected\" src=\"x\" onerror=\"document.title='pwned'\">";

    [SkippableFact]
    public async Task The_dashboard_shows_the_cluster_and_updates_live_in_headless_chromium_with_the_network_closed()
    {
        HeadlessChromium.RequireInstalled();
        await using var cluster = await TestCluster.StartAsync();
        try
        {
            var extra = new JsonObject
            {
                ["genesisValidatorsRoot"] = DevnetCluster.GenesisValidatorsRoot,
                ["recovery"] = new JsonObject { ["enabled"] = true, ["deadlineMs"] = 1000 },
            };
            for (var i = 0; i < 4; i++)
                await (await cluster.AddOperatorAsync(new OperatorSetup { ExtraConfig = extra })).StartAsync();
            var owner = cluster.Nodes[0];
            var validatorId = await owner.RequestValidatorAsync(ThreeOfFour, Split);
            await cluster.WaitForStatusAsync(validatorId, Deposited);
            await RegisterWithEndpointAsync(await cluster.AddOperatorAsync(new OperatorSetup { Register = false }), HostileEndpoint);

            using var validatorClient = new Web3SignerClient(new Uri($"http://127.0.0.1:{owner.ValidatorClientPort}"));
            var duties = new DutyFactory(ConsensusPreset.Mainnet, DevnetCluster.GenesisValidatorsRoot);
            // Holders sign nothing at or before the epoch in which they received their shares (their low watermark):
            // the duties here are a little ahead of the cluster's clock.
            var first = ((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() - cluster.GenesisTime) / 12 / 32 + 2;
            string publicKey = "";
            await DevnetCluster.WaitUntilAsync(async () => (await validatorClient.PublicKeysAsync(default)).FirstOrDefault() is { } k && (publicKey = k) != "",
                TimeSpan.FromSeconds(30), "the owner serving the validator key");

            // Everyone up: a whole epoch of duties by the threshold path. Then operator 4 down: still threshold, and a
            // double vote refused by the owner's slashing protection.
            foreach (var duty in duties.Epoch(publicKey, first, 7))
            {
                var signed = await validatorClient.SignAsync(duty, default);
                Assert.True(signed.Status == System.Net.HttpStatusCode.OK, $"{duty.Type}: {signed.Status} {signed.Message}");
            }
            await cluster.Nodes[3].StopAsync();
            var attestation = duties.Epoch(publicKey, first + 1, 7).Single(d => d.Type == "ATTESTATION");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await validatorClient.SignAsync(attestation, default)).Status);
            Assert.Equal(System.Net.HttpStatusCode.PreconditionFailed, (await validatorClient.SignAsync(duties.ConflictingAttestation(publicKey, first + 1), default)).Status);

            // The dashboard lives on the validator client's listener only; the public peer listener does not serve it.
            using (var peerListener = new HttpClient())
            {
                Assert.Equal(System.Net.HttpStatusCode.NotFound, (await peerListener.GetAsync($"http://127.0.0.1:{owner.Port}/ui/")).StatusCode);
                Assert.Equal(System.Net.HttpStatusCode.NotFound, (await peerListener.GetAsync($"http://127.0.0.1:{owner.Port}/ui/api/state")).StatusCode);
            }

            await using var chromium = await HeadlessChromium.LaunchAsync();
            var outside = new List<string>();
            var origin = $"http://127.0.0.1:{owner.ValidatorClientPort}";
            await chromium.Context.RouteAsync("**/*", async route =>
            {
                if (route.Request.Url.StartsWith(origin + "/", StringComparison.Ordinal))
                    await route.ContinueAsync();
                else
                {
                    lock (outside)
                        outside.Add(route.Request.Url);
                    await route.AbortAsync();
                }
            });
            var page = await chromium.Context.NewPageAsync();
            var consoleErrors = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type == "error")
                    consoleErrors.Add(message.Text);
            };
            var response = await page.GotoAsync(origin + "/ui");
            Assert.NotNull(response);
            Assert.Equal(200, response.Status);
            Assert.EndsWith("/ui/", page.Url, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);

            await Assertions.Expect(page.Locator("#whoami")).ToHaveTextAsync($"operator {owner.OperatorId}");
            await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("UP");
            var validatorRow = page.Locator("#validators tbody tr").First;
            await Assertions.Expect(validatorRow).ToContainTextAsync("3-of-4");
            var holders = string.Join(", ", await cluster.Registry.GetHoldersAsync(validatorId)); // in share-index order, as drawn on chain
            Assert.Equal(
                [validatorId.ToString(), owner.OperatorId.ToString(), "3-of-4", "dvt", "deposited", holders, "#1 split completed"],
                (await validatorRow.Locator("td").AllTextContentsAsync()).Take(7));

            var operatorRows = page.Locator("#operators tbody tr");
            await Assertions.Expect(operatorRows).ToHaveCountAsync(5);
            Assert.Equal("this coordinator", await Cell(operatorRows.Nth(0), 5));
            Assert.Equal("up", await Cell(operatorRows.Nth(1), 5));
            Assert.Equal("up", await Cell(operatorRows.Nth(2), 5));
            Assert.Equal("down", await Cell(operatorRows.Nth(3), 5));
            Assert.EndsWith(" ms", await Cell(operatorRows.Nth(1), 6), StringComparison.Ordinal);
            // The stopped operator is shown unreachable (or timed out). Earlier failures may precede it: the owner's
            // first deposit attempt can reach holders that do not list the new key yet (404, counted as "error").
            Assert.Matches(@"(^|, )(unreachable|timeout) [0-9]+(,|$)", await Cell(operatorRows.Nth(3), 8));
            // Whatever an operator registered as its endpoint is shown as text, never run as markup.
            Assert.Equal(HostileEndpoint, await Cell(operatorRows.Nth(4), 2));
            Assert.Equal(0, await page.Locator("#injected").CountAsync());
            Assert.Equal("not asked yet", await Cell(operatorRows.Nth(4), 5));

            var attestationRow = page.Locator("#duties tbody tr", new PageLocatorOptions { HasText = "ATTESTATION" });
            Assert.Equal(["ATTESTATION", "2", "0", "1"], await attestationRow.Locator("td").AllTextContentsAsync());
            Assert.Equal(["BLOCK_V2", "1", "0", "0"], await page.Locator("#duties tbody tr", new PageLocatorOptions { HasText = "BLOCK_V2" }).Locator("td").AllTextContentsAsync());
            await Assertions.Expect(page.Locator("#refusals-total")).ToHaveTextAsync("(1)");
            await Assertions.Expect(page.Locator("#recovery-total")).ToHaveTextAsync("(0)");

            // Live: with operators 3 and 4 down the owner signs with its recovery key (2 = f+1 holders recorded), and
            // the open page shows it without a reload.
            var generatedBefore = await page.EvaluateAsync<string>("document.body.dataset.generatedAt");
            await cluster.Nodes[2].StopAsync();
            var randao = duties.Epoch(publicKey, first + 2, 7).Single(d => d.Type == "RANDAO_REVEAL");
            Assert.Equal(System.Net.HttpStatusCode.OK, (await validatorClient.SignAsync(randao, default)).Status);
            await Assertions.Expect(page.Locator("#recovery-total")).ToHaveTextAsync("(1)", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
            Assert.Equal(["RANDAO_REVEAL", "1"], await page.Locator("#recovery tbody tr").First.Locator("td").AllTextContentsAsync());
            Assert.Equal("down", await Cell(operatorRows.Nth(2), 5));
            Assert.NotEqual(generatedBefore, await page.EvaluateAsync<string>("document.body.dataset.generatedAt"));

            var screenshot = Path.Combine(RepoPaths.Tools, "test-artifacts", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
            output.WriteLine($"screenshot: {screenshot} ({png.Length} bytes)");

            Assert.NotEqual("pwned", await page.TitleAsync());

            // The same busy coordinator's /metrics holds deploy/grafana/dvt.json to account.
            using var http = new HttpClient();
            var metrics = await http.GetStringAsync(origin + "/metrics");
            await File.WriteAllTextAsync(Path.Combine(Path.GetDirectoryName(screenshot)!, "metrics.txt"), metrics);
            Assert.Empty(GrafanaDashboardCheck.Problems(await File.ReadAllTextAsync(GrafanaDashboardCheck.DashboardPath), metrics));
            Assert.Empty(outside);
            Assert.Empty(consoleErrors);
        }
        catch
        {
            ValidatorEntryTests.Dump(output, cluster);
            throw;
        }
    }

    private static async Task<string> Cell(ILocator row, int column) => (await row.Locator("td").Nth(column).TextContentAsync()) ?? "";

    private static Task RegisterWithEndpointAsync(CoordinatorNode node, string endpoint) => node.RegisterAsync(endpoint);
}
