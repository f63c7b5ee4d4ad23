using System.Globalization;
using System.Security.Cryptography;
using Lakehouse.Benchmarks.Peers;
using Lakehouse.Contracts;
using Lakehouse.Hosting.Orchestration;

namespace Lakehouse.Benchmarks.Systems;

/// <summary>
/// Lakehouse's route controller as the AppHost runs it (its own process, its own settings), with a
/// <see cref="StandInControlPlane"/> as spawner and hub: any number of routes, to any backend.
/// </summary>
internal sealed class StandaloneRouteController : IAsyncDisposable
{
    public const string UserToken = "bench-user-token";

    private readonly StandInControlPlane _controlPlane;
    private readonly PeerProcess _process;

    private StandaloneRouteController(StandInControlPlane controlPlane, PeerProcess process, int publicPort)
    {
        _controlPlane = controlPlane;
        _process = process;
        PublicUrl = new Uri($"http://127.0.0.1:{publicPort}/");
    }

    public Uri PublicUrl { get; }

    public int ProcessId => _process.ProcessId;

    /// <summary>The header alice's requests carry; the stand-in hub allows it, and the proxy caches that.</summary>
    public static string Authorization => $"token {UserToken}";

    public StandInControlPlane ControlPlane => _controlPlane;

    /// <summary>Starts it with alice's server at <paramref name="aliceUrl"/> and <paramref name="extraRoutes"/> more.</summary>
    public static async Task<StandaloneRouteController> StartAsync(
        Uri aliceUrl, string? aliceToken, int extraRoutes, Uri probe, CancellationToken cancellationToken)
    {
        var snapshot = new List<ServerStatus> { StandInControlPlane.Running("alice", aliceUrl, aliceToken) };
        // Routes to nowhere: only their number matters. Names and ports as real ones would be.
        snapshot.AddRange(Enumerable.Range(0, extraRoutes).Select(i => StandInControlPlane.Running(
            $"user{i.ToString("D5", CultureInfo.InvariantCulture)}",
            new Uri($"http://127.0.0.1:{(20000 + (2 * i % 9998)).ToString(CultureInfo.InvariantCulture)}/user/user{i.ToString("D5", CultureInfo.InvariantCulture)}/"))));
        var controlPlane = await StandInControlPlane.StartAsync(snapshot, cancellationToken);

        var publicPort = Measurements.FreeLoopbackPort();
        var managementPort = Measurements.FreeLoopbackPort();
        var directory = Directory.CreateTempSubdirectory("lakehouse-bench-route-controller-").FullName;
        var project = new Projects.RouteController();
        // The build the AppHost would run: compiled ahead of time when ./lakehouse bench published one.
        var native = NativeExecutable.Find(project);
        var process = PeerProcess.Start(native ?? "dotnet", native is null ? [project.TargetPath] : [], directory, new Dictionary<string, string>
        {
            // Its appsettings.json (log levels: no per-request logs) is found from the content root, which the AppHost
            // makes the project's folder by starting it there; without this it would be the temporary folder.
            ["ASPNETCORE_CONTENTROOT"] = Path.GetDirectoryName(project.ProjectPath)!,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{managementPort.ToString(CultureInfo.InvariantCulture)}",
            ["Proxy__PublicPort"] = publicPort.ToString(CultureInfo.InvariantCulture),
            ["Proxy__HubUrl"] = controlPlane.Url.AbsoluteUri,
            ["Proxy__SpawnerUrl"] = controlPlane.Url.AbsoluteUri,
            ["Lakehouse__ServiceTokens__RouteController"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["Lakehouse__ApiToken"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        });
        var routeController = new StandaloneRouteController(controlPlane, process, publicPort);
        try
        {
            await process.WaitUntilAnswersAsync(new Uri(routeController.PublicUrl, probe.PathAndQuery.TrimStart('/')), cancellationToken, Authorization);
            return routeController;
        }
        catch
        {
            await routeController.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        await _controlPlane.DisposeAsync();
    }
}
