using System.Globalization;

namespace Lakehouse.Hosting.RabbitMQ;

/// <summary>Writes a private node's configuration and launcher into its data folder, before each start.</summary>
internal static class RabbitMQNodeFiles
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task WriteAsync(RabbitMQNodeLayout layout, int amqpPort, string userName, string password, CancellationToken cancellationToken)
    {
        foreach (var directory in new[] { layout.DataDirectory, layout.Home, layout.MnesiaBase, layout.LogBase })
        {
            Directory.CreateDirectory(directory, PrivateDirectory);
        }

        await WriteAtomicallyAsync(layout.ConfigFile, Config(amqpPort, userName, password), PrivateFile, cancellationToken);
        await WriteAtomicallyAsync(layout.EnabledPluginsFile, "[].\n", PrivateFile, cancellationToken);
        await WriteAtomicallyAsync(layout.ConfEnvFile, string.Empty, PrivateFile, cancellationToken);
        await WriteAtomicallyAsync(layout.Launcher, RabbitMQLauncher.Script, PrivateDirectory, cancellationToken);
    }

    /// <summary>
    /// default_user/default_pass create the user on the node's first start only; the data folder keeps it after that.
    /// </summary>
    private static string Config(int amqpPort, string userName, string password) => string.Create(CultureInfo.InvariantCulture, $"""
        # Written by the Lakehouse AppHost before each start of the node; edits are overwritten.
        listeners.tcp.default = 127.0.0.1:{amqpPort}
        default_user = {userName}
        default_pass = {password}
        loopback_users.guest = false
        # Health probes open and close TCP connections; keep their warnings out of the console log.
        log.connection.level = error

        """);

    /// <summary>Writes through a temporary file created with <paramref name="mode"/>, so no reader sees a partial file
    /// and the password is never readable by others, not even for a moment.</summary>
    private static async Task WriteAtomicallyAsync(string path, string content, UnixFileMode mode, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = mode };
        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content.AsMemory(), cancellationToken);
        }

        File.SetUnixFileMode(temporary, mode);
        File.Move(temporary, path, overwrite: true);
    }
}
