using Microsoft.Playwright;

namespace Lakehouse.Testing;

/// <summary>Signs a browser page into a dashboard, the way a person does: by opening the printed login link.</summary>
public static class DashboardLogin
{
    /// <summary>Opens <paramref name="loginUrl"/> and waits for the resources page it redirects to.</summary>
    public static async Task LoginAsync(this IPage page, Uri loginUrl)
    {
        var response = await page.GotoAsync(loginUrl.AbsoluteUri);
        var landed = new Uri(page.Url);
        if (response is null || !response.Ok || landed.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"Login did not reach the resources page: HTTP {response?.Status}, at {landed.AbsolutePath}.");
        }

        await Assertions.Expect(page.Locator("#resources")).ToBeVisibleAsync();
    }
}
