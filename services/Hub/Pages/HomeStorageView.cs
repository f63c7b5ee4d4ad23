using Lakehouse.Contracts;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary>How a home's usage against its quota reads on the home and admin pages.</summary>
internal static class HomeStorageView
{
    /// <summary><c>1.2 GiB of 10 GiB (12%)</c>.</summary>
    public static string Usage(HomeVolume home) =>
        $"{ByteSize.Format(home.UsedBytes)} of {ByteSize.Format(home.QuotaBytes)} ({home.UsedPercent}%)";

    /// <summary>The home page's section: usage, the warning from 90%, the refusal at 100%, the file browser.</summary>
    public static string Section(string name, HomeVolume? home, bool configured)
    {
        if (!configured)
        {
            return "";
        }

        var section = "<h2>Your files</h2>";
        if (home is null)
        {
            return section + "<p id=\"home-usage\">Your home is created when your server first starts.</p>";
        }

        section += $"<p id=\"home-usage\">Home: {E(Usage(home))} used</p>";
        section += home.State switch
        {
            HomeStates.Full => "<p id=\"home-warning\" class=\"error\">Your home is full: your server cannot start until you delete files or an admin raises your quota. Nothing is deleted for you.</p>",
            HomeStates.Warning => "<p id=\"home-warning\" class=\"error\">Your home is almost full (90% or more of your quota). Delete files you no longer need, or ask an admin for a larger quota.</p>",
            _ => "",
        };
        return section + $"<p><a id=\"files-link\" href=\"/hub/files/{E(name)}\">Browse, download and upload files</a></p>";
    }
}
