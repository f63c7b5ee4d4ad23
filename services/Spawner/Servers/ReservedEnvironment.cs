namespace Lakehouse.Spawner.Servers;

/// <summary>
/// Environment names a start request may not set: the identity and platform variables the spawner sets itself, and
/// the ones that change how programs load or run (the launch runs as root until it drops to the user).
/// </summary>
internal static class ReservedEnvironment
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        // Identity and platform: set by the spawner.
        "HOME", "PATH", "USER", "LOGNAME", "SHELL", "SPARK_UI_PORT",
        // Spark driver settings, set by the Kubernetes backend so that executors reach the driver in the pod.
        "SPARK_DRIVER_HOST", "SPARK_DRIVER_PORT", "SPARK_BLOCKMANAGER_PORT", "SPARK_DRIVER_BIND_ADDRESS", "SPARK_MASTER_URL", "PYSPARK_SUBMIT_ARGS",
        // Loader, libc and shell hooks: they would run code in the privileged launch steps.
        "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "NIS_PATH", "NLSPATH",
        "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR", "BASH_ENV", "ENV", "IFS", "CDPATH", "PS4", "SHELLOPTS", "BASHOPTS",
    };

    private static readonly string[] Prefixes = ["JUPYTER", "EXTERNAL_", "LAKEHOUSE_", "LD_", "MALLOC_"];

    public static bool IsReserved(string name) =>
        Names.Contains(name) || Prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
}
