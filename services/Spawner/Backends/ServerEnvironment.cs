using System.Globalization;
using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Backends;

/// <summary>
/// The whole environment of a server, built from nothing (nothing of the spawner's own leaks in): home,
/// JupyterHub's variables, the identity (<c>EXTERNAL_UID</c>, <c>EXTERNAL_GROUPS</c>) and the request's entries,
/// which were checked not to override any of these. Each backend adds its own (PATH locally, Spark in a pod).
/// </summary>
internal static class ServerEnvironment
{
    public static Dictionary<string, string> Create(ServerLaunch launch, string home, int sparkUiPort)
    {
        var identity = launch.Identity;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in launch.Environment)
        {
            environment[key] = value;
        }

        environment["HOME"] = home;
        environment["LANG"] = "C.UTF-8";
        environment["SHELL"] = "/bin/bash";
        environment["USER"] = identity.Name;
        environment["LOGNAME"] = identity.Name;
        environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(home, ".local", "share", "jupyter", "runtime");
        environment["JUPYTER_TOKEN"] = launch.Token;
        environment["JUPYTERHUB_USER"] = identity.Name;
        environment["JUPYTERHUB_BASE_URL"] = "/";
        environment["JUPYTERHUB_SERVICE_PREFIX"] = $"/user/{identity.Name}/";
        environment["EXTERNAL_UID"] = identity.Uid.ToString(CultureInfo.InvariantCulture);
        environment["EXTERNAL_GROUPS"] = identity.ExternalGroups;
        environment["SPARK_UI_PORT"] = sparkUiPort.ToString(CultureInfo.InvariantCulture);
        return environment;
    }
}
