using System.Globalization;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Naming;

namespace Lakehouse.Spawner.Backends.Kubernetes;

/// <summary>
/// The pod of one user's server: labelled for the route controller, the profile's image and command on
/// <see cref="KubernetesBackendOptions.ServerPort"/>, the user's uid/gid/groups as security context, no service
/// account token, the home (<see cref="HomeMount"/>), and the Spark driver settings in the environment.
/// </summary>
internal static class LabPodBuilder
{
    public const string ContainerName = "notebook";
    public const string HomeVolume = "home";

    public static Pod Build(ServerLaunch launch, string podName, string ns, HomeMount homeMount, KubernetesBackendOptions options, TimeSpan stopGracePeriod)
    {
        var identity = launch.Identity;
        var user = identity.Name;
        var profile = options.ChosenProfile;
        var home = $"/home/{user}";
        var port = options.ServerPort.ToString(CultureInfo.InvariantCulture);
        var environment = ServerEnvironment.Create(launch, home, LabNames.SparkUiPort);
        foreach (var (key, value) in SparkEnvironment(user, ns, options.SparkMasterUrl))
        {
            environment[key] = value;
        }

        return new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = podName,
                Labels = new Dictionary<string, string>
                {
                    [LabNames.ComponentLabel] = LabNames.ComponentValue,
                    [LabNames.PartOfLabel] = LabNames.PartOfValue,
                    [LabNames.UsernameKey] = LabNames.UsernameLabel(user),
                },
                Annotations = new Dictionary<string, string> { [LabNames.UsernameKey] = user },
            },
            Spec = new PodSpec
            {
                AutomountServiceAccountToken = false,
                EnableServiceLinks = false,
                RestartPolicy = "Never",
                TerminationGracePeriodSeconds = (long)Math.Ceiling(stopGracePeriod.TotalSeconds),
                SecurityContext = new PodSecurityContext
                {
                    RunAsUser = identity.Uid,
                    RunAsGroup = identity.Gid,
                    RunAsNonRoot = true,
                    FsGroup = identity.Gid,
                    SupplementalGroups = identity.Groups.Select(g => (long)g.Gid).Where(g => g != identity.Gid).Distinct().ToList(),
                },
                Volumes = [new Volume { Name = HomeVolume, PersistentVolumeClaim = new PersistentVolumeClaimVolumeSource { ClaimName = homeMount.ClaimName } }],
                Containers =
                [
                    new Container
                    {
                        Name = ContainerName,
                        Image = profile.Image,
                        Command = profile.Command.Select(a => a.Replace("{username}", user, StringComparison.Ordinal).Replace("{port}", port, StringComparison.Ordinal)).ToList(),
                        WorkingDir = home,
                        Ports =
                        [
                            new ContainerPort { Name = "notebook", Number = options.ServerPort },
                            new ContainerPort { Name = "spark-ui", Number = LabNames.SparkUiPort },
                            new ContainerPort { Name = "spark-driver", Number = LabNames.SparkDriverPort },
                            new ContainerPort { Name = "spark-blockmgr", Number = LabNames.SparkBlockManagerPort },
                        ],
                        Env = environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new EnvVar(e.Key, e.Value)).ToList(),
                        Resources = new ResourceRequirements
                        {
                            Requests = new Dictionary<string, string> { ["cpu"] = profile.CpuRequest, ["memory"] = profile.MemoryRequest },
                            Limits = new Dictionary<string, string> { ["cpu"] = profile.CpuLimit, ["memory"] = profile.MemoryLimit },
                        },
                        VolumeMounts = [new VolumeMount { Name = HomeVolume, MountPath = home, SubPath = homeMount.SubPath }],
                        SecurityContext = new SecurityContext
                        {
                            AllowPrivilegeEscalation = false,
                            Capabilities = new Capabilities { Drop = ["ALL"] },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Without a fileserver: the shared homes claim with subPath <c>{username}</c>, or the user's own claim whole.</summary>
    public static HomeMount ConfiguredHome(string user, KubernetesBackendOptions options) =>
        new(HomeClaimName(user, options), options.PerUserClaims ? null : user);

    /// <summary>The shared homes claim, or the user's own <c>claim-{username}</c>.</summary>
    public static string HomeClaimName(string user, KubernetesBackendOptions options) =>
        options.PerUserClaims ? DnsLabel.Fit($"claim-{DnsLabel.Escape(user)}") : options.HomeClaim;

    /// <summary>
    /// What Spark needs to work from a notebook with no setup: the driver reachable at the lab Service's DNS name on
    /// fixed ports (the Service exposes them), bound to every interface; also as <c>PYSPARK_SUBMIT_ARGS</c>, which
    /// pyspark reads when it starts a session.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SparkEnvironment(string user, string ns, string? masterUrl)
    {
        var driverHost = LabNames.SparkDriverHost(user, ns);
        var settings = new List<(string Key, string Value)>
        {
            ("spark.driver.host", driverHost),
            ("spark.driver.port", LabNames.SparkDriverPort.ToString(CultureInfo.InvariantCulture)),
            ("spark.blockManager.port", LabNames.SparkBlockManagerPort.ToString(CultureInfo.InvariantCulture)),
            ("spark.driver.bindAddress", "0.0.0.0"),
            ("spark.ui.port", LabNames.SparkUiPort.ToString(CultureInfo.InvariantCulture)),
        };
        var submit = (masterUrl is null ? "" : $"--master {masterUrl} ")
            + string.Join(' ', settings.Select(s => $"--conf {s.Key}={s.Value}")) + " pyspark-shell";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SPARK_DRIVER_HOST"] = driverHost,
            ["SPARK_DRIVER_PORT"] = LabNames.SparkDriverPort.ToString(CultureInfo.InvariantCulture),
            ["SPARK_BLOCKMANAGER_PORT"] = LabNames.SparkBlockManagerPort.ToString(CultureInfo.InvariantCulture),
            ["SPARK_DRIVER_BIND_ADDRESS"] = "0.0.0.0",
            ["PYSPARK_SUBMIT_ARGS"] = submit,
        };
        if (masterUrl is not null)
        {
            environment["SPARK_MASTER_URL"] = masterUrl;
        }

        return environment;
    }
}
