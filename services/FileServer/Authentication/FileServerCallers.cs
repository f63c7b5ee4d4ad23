namespace Lakehouse.FileServer.Authentication;

/// <summary>Who may call the fileserver, and the policies that say what each caller may do.</summary>
public static class FileServerCallers
{
    public const string Hub = "hub";
    public const string Spawner = "spawner";

    /// <summary>The hub and the spawner: ensure a home, read one, its usage.</summary>
    public const string HomesPolicy = "fileserver.homes";

    /// <summary>The hub only: list homes, set quotas, users' files (the hub checks the user).</summary>
    public const string ManagePolicy = "fileserver.manage";
}
