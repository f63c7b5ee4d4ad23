using System.Diagnostics;
using System.Globalization;
using Lakehouse.Contracts;
using Lakehouse.Spawner.Options;

namespace Lakehouse.Spawner.Backends.Local;

/// <summary>
/// How one Jupyter server is started: <c>sh</c> points stdout and stderr at the server's log and execs <c>setsid</c>
/// (a session of its own, so that it outlives a spawner restart), then <c>setpriv</c> (the user's uid, gid and groups,
/// no new privileges), then Jupyter's server. Every step execs, so the pid the spawner sees is the server's.
/// </summary>
internal static class ServerCommand
{
    private const string Shell = "/bin/sh";
    private const string SetSid = "/usr/bin/setsid";
    private const string SetPriv = "/usr/bin/setpriv";

    // The log path is an argument, never part of the script, so that no path can be read as shell syntax.
    private const string RedirectAndExec = "exec >>\"$1\" 2>&1 </dev/null; shift; exec \"$@\"";

    public static ProcessStartInfo Create(
        SpawnerOptions options,
        UserIdentity identity,
        bool asUser,
        int port,
        string home,
        string logPath,
        IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(Shell)
        {
            UseShellExecute = false,
            WorkingDirectory = home,
        };

        var arguments = startInfo.ArgumentList;
        arguments.Add("-c");
        arguments.Add(RedirectAndExec);
        arguments.Add("lakehouse-server");
        arguments.Add(logPath);
        arguments.Add(SetSid);
        if (asUser)
        {
            RequireUnprivilegedIds(identity, options);
            arguments.Add(SetPriv);
            arguments.Add($"--reuid={identity.Uid.ToString(CultureInfo.InvariantCulture)}");
            arguments.Add($"--regid={identity.Gid.ToString(CultureInfo.InvariantCulture)}");
            var groups = identity.Groups.Select(g => g.Gid).Prepend(identity.Gid).Distinct().ToList();
            arguments.Add($"--groups={string.Join(',', groups)}");
            arguments.Add("--no-new-privs");
            arguments.Add("--inh-caps=-all");
        }

        arguments.Add(options.JupyterPath);
        arguments.Add("--no-browser");
        arguments.Add("--ip=127.0.0.1");
        arguments.Add($"--port={port.ToString(CultureInfo.InvariantCulture)}");
        // Without this Jupyter quietly moves to another port when its own is taken, and nobody would find it.
        arguments.Add("--ServerApp.port_retries=0");
        arguments.Add($"--ServerApp.base_url=/user/{identity.Name}/");
        arguments.Add($"--ServerApp.root_dir={home}");
        // /user/{name}/ opens the notebook UI (nbclassic's file browser) rather than the bare server's empty root.
        arguments.Add("--ServerApp.default_url=/tree");
        // The token comes from JUPYTER_TOKEN in the environment: a command line is readable by every local user.

        startInfo.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        return startInfo;
    }

    /// <summary>
    /// The start request validator refuses these already; checked again here, where they become the server's
    /// credentials, so that no other path can hand a server root, a system account or a system group.
    /// </summary>
    private static void RequireUnprivilegedIds(UserIdentity identity, SpawnerOptions options)
    {
        if (identity.Uid < options.MinimumUid)
        {
            throw new ArgumentException(
                $"uid {identity.Uid} is below Spawner:MinimumUid ({options.MinimumUid}); the server is not started.", nameof(identity));
        }

        foreach (var gid in identity.Groups.Select(g => g.Gid).Prepend(identity.Gid))
        {
            if (gid < options.MinimumGid)
            {
                throw new ArgumentException(
                    $"gid {gid} is below Spawner:MinimumGid ({options.MinimumGid}); the server is not started.", nameof(identity));
            }
        }
    }
}
