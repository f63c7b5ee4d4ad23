using Microsoft.Playwright;

namespace Lakehouse.Testing;

/// <summary>One headless Debian Chromium for the test assembly, driven by Playwright. Never downloads a browser.</summary>
/// <remarks>Each test opens its own <see cref="NewContextAsync"/>: fresh cookies and storage, closed by the test.</remarks>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Generous, because the machine running the tests may be small and busy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string[] Arguments =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not been launched.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing. Install it: DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium");
        }

        // Playwright assertions poll up to this long; one process-wide setting so every test gets the same patience.
        Assertions.SetDefaultExpectTimeout((float)Timeout.TotalMilliseconds);
        _playwright = await Playwright.CreateAsync();
        // Launch (not a persistent context) gives every run a fresh temporary profile that Playwright deletes afterwards.
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Timeout = (float)TimeSpan.FromMinutes(2).TotalMilliseconds,
        });
    }

    /// <summary>A fresh browser context (no cookies) with generous timeouts.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync();
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)Timeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
