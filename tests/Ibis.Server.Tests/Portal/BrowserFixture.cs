using Ibis.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Ibis.Server.Tests.Portal;

/// <summary>
/// One headless Chromium (the Debian package) for all portal tests. When /usr/bin/chromium is
/// missing nothing is launched; each test then skips, or fails under IBIS_REQUIRE_ALL=1.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public static bool ChromiumInstalled => File.Exists(ChromiumPath);

    public async Task InitializeAsync()
    {
        if (!ChromiumInstalled) return;
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root (CI containers) Chromium needs --no-sandbox; the rest keep it off the network.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh context (own cookies) on <paramref name="baseUrl"/>; call inside a test.</summary>
    public async Task<IBrowserContext> NewContext(string baseUrl)
    {
        Requires.That(ChromiumInstalled, "Chromium", "apt-get install -y chromium");
        var browser = _browser ?? throw new InvalidOperationException("Chromium was installed after the fixture started");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1100, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        // Long enough for a cold first page (Razor compiles on first use), short enough to keep each test < 10 s.
        context.SetDefaultTimeout(8_000);
        context.SetDefaultNavigationTimeout(8_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Portal (Chromium)";
}
