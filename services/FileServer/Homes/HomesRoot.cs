using Lakehouse.FileServer.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.FileServer.Homes;

/// <summary>
/// The homes root and the fileserver's own folder inside it (<c>.lakehouse</c>, which can never be a user's name since
/// names start with a letter or digit): quotas and the temporary folders new homes are built in, on the same file
/// system so that a finished home is renamed into place in one step.
/// </summary>
internal sealed class HomesRoot
{
    // Users can walk through the root to their own home, but not list who else has one.
    private const UnixFileMode Traversable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public HomesRoot(IOptions<HomesOptions> options)
    {
        var value = options.Value;
        Path = System.IO.Path.GetFullPath(value.HomesDirectory ?? System.IO.Path.Combine(value.StateDirectory!, "homes"));
        if (!Directory.Exists(Path))
        {
            Directory.CreateDirectory(Path, Traversable);
        }

        Directory.CreateDirectory(Internal, OwnerOnly);
        Directory.CreateDirectory(Provisioning, OwnerOnly);
    }

    public string Path { get; }

    public string Internal => System.IO.Path.Combine(Path, ".lakehouse");

    public string Provisioning => System.IO.Path.Combine(Internal, "provisioning");

    public string QuotaFile => System.IO.Path.Combine(Internal, "quotas.json");

    // Names reach here validated (Lakehouse.Contracts.UserName): one path segment, never '.' or '..'.
    public string Home(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The names of the folders in the root that are homes: valid user names, real folders (no links).</summary>
    public IEnumerable<string> HomeNames() =>
        new DirectoryInfo(Path).EnumerateDirectories()
            .Where(d => d.LinkTarget is null && Contracts.UserName.TryNormalize(d.Name, out var name, out _) && name == d.Name)
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal);
}
