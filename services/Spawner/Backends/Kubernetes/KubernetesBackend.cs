using System.Globalization;
using Lakehouse.Contracts;
using Lakehouse.Kubernetes.Client;
using Lakehouse.Kubernetes.Errors;
using Lakehouse.Kubernetes.Models;
using Lakehouse.Kubernetes.Naming;
using Lakehouse.Spawner.Backends.Homes;
using Lakehouse.Spawner.Options;
using Lakehouse.Spawner.State;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Backends.Kubernetes;

/// <summary>
/// Servers as pods in the configured namespace (<c>Spawner:Backend=kubernetes</c>). A launch creates the pod, reports
/// its status and Events as progress until it runs with an address, and hands over
/// <c>http://{podIP}:{port}/user/{name}/</c> for the readiness probe. With a fileserver (<c>services:fileserver</c>),
/// the home is ensured there first and the pod mounts the claim and subPath it answers; a full home refuses the start. A pod name that another user's pod (or a pod
/// Lakehouse did not make) holds is refused. Stopping deletes the pod with the grace period and waits until it is
/// gone. After a restart, the servers are found again by listing the labelled pods.
/// </summary>
internal sealed class KubernetesBackend(
    KubernetesClient client,
    FileServerHomeVolumes fileServerHomes,
    IConfiguration configuration,
    IOptions<KubernetesBackendOptions> options,
    IOptions<SpawnerOptions> spawnerOptions,
    TimeProvider timeProvider,
    ILogger<KubernetesBackend> logger) : IServerBackend
{
    // When each pod was last read while it ran, by pod name: the spawner checks a starting server before each
    // readiness probe (every few milliseconds), and the API server need not be asked more than once a poll interval.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _lastRunningReads = new(StringComparer.Ordinal);

    private string Namespace => options.Value.Namespace ?? client.Namespace;

    public async Task<ServerInstance> LaunchAsync(ServerLaunch launch, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        var user = launch.Identity.Name;
        var podName = LabNames.PodName(options.Value.PodNameTemplate, user);
        await ClearPodNameAsync(podName, user, cancellationToken);

        var home = await PrepareHomeAsync(launch.Identity, progress, cancellationToken);
        var pod = LabPodBuilder.Build(launch, podName, Namespace, home, options.Value, spawnerOptions.Value.StopGracePeriod);
        Pod created;
        try
        {
            created = await client.CreateAsync(ResourceTypes.Pods, pod, Namespace, cancellationToken);
        }
        catch (KubernetesConflictException)
        {
            throw new ServerLaunchException($"The pod name {podName} was taken meanwhile; try again.");
        }
        catch (KubernetesApiException e)
        {
            throw new ServerLaunchException($"Kubernetes refused the pod {podName}: {e.Status.Message}", e);
        }

        logger.LogInformation("Created the pod {Pod} for the server of {Name} in {Namespace}", podName, user, Namespace);
        progress.Report(new ProgressEvent(20, $"Pod {podName} created"));
        try
        {
            var running = await WaitUntilRunningAsync(created, new PodProgress(progress), cancellationToken);
            progress.Report(new ProgressEvent(80, $"Pod running at {running.Status!.PodIP}; waiting for the server"));
            return InstanceOf(running, user);
        }
        catch
        {
            // Nothing of a failed or cancelled launch stays behind: the spawner has no record of this pod yet.
            await DeletePodAsync(podName, created.Metadata.Uid!, TimeSpan.Zero);
            throw;
        }
    }

    public async ValueTask<ServerExit?> CheckAsync(ServerInstance instance, CancellationToken cancellationToken)
    {
        var podName = PodName(instance);
        var now = timeProvider.GetUtcNow();
        if (_lastRunningReads.TryGetValue(podName, out var lastRead) && now - lastRead < options.Value.StatusPollInterval)
        {
            return null;
        }

        var pod = await client.FindAsync(ResourceTypes.Pods, podName, Namespace, cancellationToken);
        var exit = ExitOf(instance, pod);
        if (exit is null)
        {
            _lastRunningReads[podName] = now;
        }
        else
        {
            _lastRunningReads.TryRemove(podName, out _);
        }

        return exit;
    }

    public async ValueTask<IReadOnlyList<ServerExit>> SurveyAsync(IReadOnlyCollection<ServerInstance> running, CancellationToken cancellationToken)
    {
        if (running.Count == 0)
        {
            return [];
        }

        var pods = (await client.ListAllAsync(ResourceTypes.Pods, Namespace, new ListOptions { LabelSelector = LabNames.PodSelector }, cancellationToken))
            .Items.Where(p => p.Metadata.Name is not null).ToDictionary(p => p.Metadata.Name!, StringComparer.Ordinal);
        return running.Select(instance => ExitOf(instance, pods.GetValueOrDefault(PodName(instance)))).OfType<ServerExit>().ToList();
    }

    public void Adopt(ServerInstance instance)
    {
        // Nothing is reserved on this side: the pod holds its own address.
    }

    public async Task<IReadOnlyList<ServerRecord>> RecoverAsync(CancellationToken cancellationToken)
    {
        var pods = await client.ListAllAsync(ResourceTypes.Pods, Namespace, new ListOptions { LabelSelector = LabNames.PodSelector }, cancellationToken);
        var records = new List<ServerRecord>();
        foreach (var pod in pods.Items)
        {
            if (RecordOf(pod) is { } record)
            {
                records.Add(record);
            }
            else if (IsOurs(pod) && pod.Metadata.DeletionTimestamp is null)
            {
                // A spawn the previous spawner did not finish (no address yet): not taken back.
                logger.LogWarning("Deleting the pod {Pod}: it cannot be taken back after the spawner restarted", pod.Metadata.Name);
                await DeletePodAsync(pod.Metadata.Name!, pod.Metadata.Uid!, TimeSpan.Zero);
            }
            else if (!IsOurs(pod))
            {
                // Labelled like a lab pod but not made by a spawner with this template: never touched.
                logger.LogWarning("Ignoring the pod {Pod}: it carries the lab label but is not a server of this spawner", pod.Metadata.Name);
            }
        }

        return records;
    }

    public async Task StopAsync(ServerInstance instance, CancellationToken cancellationToken)
    {
        var podName = PodName(instance);
        _lastRunningReads.TryRemove(podName, out _);
        if (instance.PodUid is { } uid)
        {
            await DeletePodAsync(podName, uid, spawnerOptions.Value.StopGracePeriod);
        }
    }

    /// <summary>
    /// What the pod mounts as the home: the fileserver's claim and subPath when there is a fileserver (it decides,
    /// and refuses a full home before any pod exists); otherwise the configured claim (shared, or the user's own).
    /// </summary>
    private async Task<HomeMount> PrepareHomeAsync(UserIdentity identity, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        if (FileServerHomeVolumes.IsConfigured(configuration))
        {
            var home = await fileServerHomes.EnsureAsync(identity, cancellationToken);
            progress.Report(FileServerHomeVolumes.Ready(home, 10));
            if (home.ClaimName is not null)
            {
                return new HomeMount(home.ClaimName, home.SubPath);
            }

            // A fileserver with local folders (the services on this machine, servers in a cluster: --kube-context)
            // still keeps the quota; the pod mounts the cluster's own claim, which that fileserver cannot reach.
            logger.LogInformation("The fileserver has no claim for {Name}'s home; the pod mounts the configured claim", identity.Name);
        }

        if (options.Value.PerUserClaims)
        {
            await EnsureHomeClaimAsync(identity.Name, progress, cancellationToken);
        }

        return LabPodBuilder.ConfiguredHome(identity.Name, options.Value);
    }

    /// <summary>The user's own claim, created when missing; an existing one is used as it is, never replaced.</summary>
    private async Task EnsureHomeClaimAsync(string user, IProgress<ProgressEvent> progress, CancellationToken cancellationToken)
    {
        var claimName = LabPodBuilder.HomeClaimName(user, options.Value);
        var existing = await client.FindAsync(ResourceTypes.PersistentVolumeClaims, claimName, Namespace, cancellationToken);
        if (existing is not null)
        {
            if (existing.Metadata.Annotation(LabNames.UsernameKey) is { } owner && owner != user)
            {
                throw new ServerLaunchException($"The claim {claimName} belongs to another user; the home cannot be mounted.");
            }

            return;
        }

        try
        {
            await client.CreateAsync(ResourceTypes.PersistentVolumeClaims, new PersistentVolumeClaim
            {
                Metadata = new ObjectMeta
                {
                    Name = claimName,
                    Labels = new Dictionary<string, string> { [LabNames.PartOfLabel] = LabNames.PartOfValue, [LabNames.UsernameKey] = LabNames.UsernameLabel(user) },
                    Annotations = new Dictionary<string, string> { [LabNames.UsernameKey] = user },
                },
                Spec = new PersistentVolumeClaimSpec
                {
                    AccessModes = ["ReadWriteOnce"],
                    Resources = new ResourceRequirements { Requests = new Dictionary<string, string> { ["storage"] = options.Value.HomeClaimSize } },
                },
            }, Namespace, cancellationToken);
            progress.Report(new ProgressEvent(10, $"Home claim {claimName} created"));
        }
        catch (KubernetesConflictException)
        {
            // Created meanwhile by another spawn of the same user: it is there, which is all that counts.
        }
        catch (KubernetesApiException e)
        {
            throw new ServerLaunchException($"Kubernetes refused the home claim {claimName}: {e.Status.Message}", e);
        }
    }

    /// <summary>A pod of the same name must be this user's old one (then it goes) or the name is refused.</summary>
    private async Task ClearPodNameAsync(string podName, string user, CancellationToken cancellationToken)
    {
        var existing = await client.FindAsync(ResourceTypes.Pods, podName, Namespace, cancellationToken);
        if (existing is null)
        {
            return;
        }

        var owner = existing.Metadata.Annotation(LabNames.UsernameKey);
        if (owner != user)
        {
            logger.LogWarning("Refusing to start the server of {Name}: the pod name {Pod} belongs to {Owner}", user, podName, owner ?? "(no user)");
            throw new ServerLaunchException(owner is null
                ? $"The pod name {podName} is taken by a pod Lakehouse did not create; the server cannot start under that name."
                : $"The pod name {podName} is taken by the server of another user; the pod name template gives both users the same name.");
        }

        logger.LogInformation("Removing the old pod {Pod} of {Name} before starting a new one", podName, user);
        await DeletePodAsync(podName, existing.Metadata.Uid!, TimeSpan.Zero);
    }

    private async Task<Pod> WaitUntilRunningAsync(Pod created, PodProgress progress, CancellationToken cancellationToken)
    {
        var name = created.Metadata.Name!;
        var deadline = timeProvider.GetUtcNow() + spawnerOptions.Value.StartTimeout;
        var eventSelector = $"involvedObject.uid={created.Metadata.Uid}";
        while (true)
        {
            var pod = await client.FindAsync(ResourceTypes.Pods, name, Namespace, cancellationToken);
            if (pod is null || pod.Metadata.Uid != created.Metadata.Uid)
            {
                throw new ServerLaunchException($"The pod {name} was deleted while it started.");
            }

            var events = await client.ListAsync(ResourceTypes.Events, Namespace, new ListOptions { FieldSelector = eventSelector }, cancellationToken);
            progress.Report(events.Items);
            if (PodProgress.Failure(pod) is { } failure)
            {
                throw new ServerLaunchException(failure);
            }

            if (PodProgress.IsRunning(pod))
            {
                return pod;
            }

            if (timeProvider.GetUtcNow() >= deadline)
            {
                var phase = pod.Status?.Phase ?? "Pending";
                throw new ServerLaunchException(
                    $"The pod {name} did not run within the start timeout ({spawnerOptions.Value.StartTimeout.TotalSeconds:0.#} s); it is {phase}.");
            }

            await Task.Delay(options.Value.StatusPollInterval, timeProvider, cancellationToken);
        }
    }

    /// <summary>Deletes the pod (only the one with this uid) and waits until it is gone, at most the grace period and a margin.</summary>
    private async Task DeletePodAsync(string podName, string uid, TimeSpan gracePeriod)
    {
        try
        {
            // The uid precondition: a pod that took the name since (a new start) is left alone, in the same call.
            if (!await client.DeleteAsync(ResourceTypes.Pods, podName, Namespace, new DeleteOptions
                {
                    GracePeriodSeconds = (long)Math.Ceiling(gracePeriod.TotalSeconds),
                    PropagationPolicy = PropagationPolicy.Background,
                    Preconditions = new Preconditions { Uid = uid },
                }))
            {
                return;
            }

            var deadline = timeProvider.GetUtcNow() + gracePeriod + TimeSpan.FromSeconds(30);
            while ((await client.FindAsync(ResourceTypes.Pods, podName, Namespace))?.Metadata.Uid == uid && timeProvider.GetUtcNow() < deadline)
            {
                await Task.Delay(options.Value.StatusPollInterval, timeProvider);
            }
        }
        catch (KubernetesConflictException)
        {
            // Another pod by that name: not the one to delete.
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
        {
            logger.LogError(e, "Deleting the pod {Pod} failed", podName);
        }
    }

    private ServerInstance InstanceOf(Pod pod, string user) => new(
        user,
        new Uri($"http://{pod.Status!.PodIP}:{options.Value.ServerPort.ToString(CultureInfo.InvariantCulture)}/user/{user}/"),
        new Uri($"http://{pod.Status.PodIP}:{LabNames.SparkUiPort.ToString(CultureInfo.InvariantCulture)}/"),
        options.Value.ServerPort,
        LabNames.SparkUiPort,
        Pid: 0,
        ProcessStartTime: 0,
        PodUid: pod.Metadata.Uid);

    /// <summary>A pod this spawner made: annotated with a valid user name, and named for that user by the template.</summary>
    private bool IsOurs(Pod pod) =>
        pod.Metadata.Annotation(LabNames.UsernameKey) is { } user
        && UserName.TryNormalize(user, out var name, out _) && name == user
        && pod.Metadata.Name == LabNames.PodName(options.Value.PodNameTemplate, user);

    private string PodName(ServerInstance instance) => LabNames.PodName(options.Value.PodNameTemplate, instance.Name);

    private static ServerExit? ExitOf(ServerInstance instance, Pod? pod)
    {
        if (pod is null || pod.Metadata.Uid != instance.PodUid)
        {
            return new ServerExit(instance, null, "The server's pod is gone.");
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            var code = pod.Status.ContainerStatuses?.Select(c => c.State?.Terminated?.ExitCode).FirstOrDefault(c => c is not null);
            return new ServerExit(instance, code, PodProgress.Failure(pod) ?? "The server's pod ended.");
        }

        return pod.Metadata.DeletionTimestamp is not null ? new ServerExit(instance, null, "The server's pod is being deleted.") : null;
    }

    /// <summary>A running labelled pod as the record a spawner would have written: identity, token and address from its spec.</summary>
    private ServerRecord? RecordOf(Pod pod)
    {
        var user = pod.Metadata.Annotation(LabNames.UsernameKey);
        var container = pod.Spec?.Containers.FirstOrDefault(c => c.Name == LabPodBuilder.ContainerName);
        var environment = (container?.Env ?? []).Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value!, StringComparer.Ordinal);
        var security = pod.Spec?.SecurityContext;
        if (user is null || !IsOurs(pod) || pod.Metadata.DeletionTimestamp is not null || pod.Status?.PodIP is not { Length: > 0 }
            || !environment.TryGetValue("JUPYTER_TOKEN", out var token)
            || security?.RunAsUser is not { } uid || security.RunAsGroup is not { } gid)
        {
            return null;
        }

        var groups = environment.GetValueOrDefault("EXTERNAL_GROUPS", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(g => g.Split(':'))
            .Where(g => g.Length == 2 && int.TryParse(g[1], CultureInfo.InvariantCulture, out _))
            .Select(g => new GroupMembership(g[0], int.Parse(g[1], CultureInfo.InvariantCulture)))
            .ToList();
        var identity = new UserIdentity(user, (int)uid, (int)gid, groups);
        var state = pod.Status.Conditions?.Any(c => c is { Type: "Ready", Status: "True" }) == true ? ServerState.Running : ServerState.Pending;
        return new ServerRecord(user, identity, token, InstanceOf(pod, user), state, pod.Metadata.CreationTimestamp ?? timeProvider.GetUtcNow());
    }
}
