using Lakehouse.Contracts;

namespace Lakehouse.Hub.Homes;

/// <summary>
/// The fileserver as the hub's pages use it, with the hub's service token. A hub without a fileserver
/// (<c>services:fileserver</c> unset) shows no storage; a fileserver that does not answer hides it from the page
/// rather than failing the page.
/// </summary>
internal sealed class HomeStorage(IServiceProvider services, IConfiguration configuration, ILogger<HomeStorage> logger)
{
    public bool IsConfigured => configuration.GetSection("services:fileserver").Exists();

    public FileServerClient Client => services.GetRequiredService<FileServerClient>();

    public async Task<HomeVolume?> TryGetAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return IsConfigured ? await Client.GetAsync(name, cancellationToken) : null;
        }
        catch (Exception e) when (e is HttpRequestException or FileServerException)
        {
            logger.LogWarning(e, "The fileserver did not tell the usage of {Name}'s home", name);
            return null;
        }
    }

    public async Task<IReadOnlyDictionary<string, HomeVolume>> TryListAsync(CancellationToken cancellationToken)
    {
        try
        {
            return IsConfigured ? (await Client.ListAsync(cancellationToken)).ToDictionary(h => h.Name) : new Dictionary<string, HomeVolume>();
        }
        catch (Exception e) when (e is HttpRequestException or FileServerException)
        {
            logger.LogWarning(e, "The fileserver did not list the homes");
            return new Dictionary<string, HomeVolume>();
        }
    }
}
