using Dvt.TestSupport;
using Microsoft.Playwright;

namespace Dvt.Coordinator.Tests.Dashboard;

/// <summary>
/// Debian's Chromium (scripts/bootstrap.sh installs it with apt-get), headless, driven by Playwright through
/// <c>executablePath</c>: a fresh profile per use, no GPU, no sandbox (tests run as root), and every background
/// connection Chromium makes on its own switched off, so the page is all that talks to the network. Missing
/// Chromium fails under CI=true and skips (with the reason) elsewhere.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync",
        // Any address but loopback (which Chromium never proxies) goes to a proxy that does not exist: a CDN link
        // could not load even if one slipped in.
        "--proxy-server=http://127.0.0.1:9",
    ];

    private readonly IPlaywright playwright;
    private readonly string profile;

    private HeadlessChromium(IPlaywright playwright, IBrowserContext context, string profile)
    {
        this.playwright = playwright;
        Context = context;
        this.profile = profile;
    }

    public IBrowserContext Context { get; }

    /// <summary>Skips (or fails under CI=true) when Chromium is not installed.</summary>
    public static void RequireInstalled()
    {
        if (File.Exists(ExecutablePath))
            return;
        var why = $"{ExecutablePath} is not installed: run scripts/bootstrap.sh as root (it runs apt-get install chromium)";
        if (TestVectors.IsCi)
            Assert.Fail(why);
        Skip.If(true, why);
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        RequireInstalled();
        var profile = Directory.CreateTempSubdirectory("dvt-chromium-").FullName;
        var playwright = await Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = Arguments,
                ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
                Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, context, profile);
        }
        catch
        {
            playwright.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        playwright.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
