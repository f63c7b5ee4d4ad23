using System.Net;
using System.Text.Json;
using Lakehouse.Contracts;
using Lakehouse.Hub.Servers;
using Lakehouse.Hub.Tests.Infrastructure;
using Lakehouse.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lakehouse.Hub.Tests.Servers;

/// <summary>
/// The spawner's "stopped" event can reach the hub before the spawner's answer to the stop, which says "stopping".
/// The late answer must not bring the server back as stopping: the user would see it stopping for ever. A spawner
/// stand-in makes the event overtake the answer every time.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class StopRaceTests(HubEnvironment environment)
{
    private const string Name = "racer";

    [Fact]
    public async Task A_stopped_event_that_overtakes_the_answer_to_the_stop_is_not_undone_by_it()
    {
        var hubRegistry = new TaskCompletionSource<ServerRegistry>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var spawner = await SpawnerStandIn.StartAsync(SpawnerProcess.HubToken, (app, standIn) =>
            app.MapDelete("/api/servers/{name}", async (string name, CancellationToken cancellationToken) =>
            {
                standIn.Publish(new ServerStatus(name, ServerState.Stopped));
                var registry = await hubRegistry.Task;
                while (!registry.HasEnded(name))
                {
                    await Task.Delay(10, cancellationToken);
                }

                // Only now, after the hub applied the event: the answer written when the stop began.
                return Results.Json(new ServerStatus(name, ServerState.Stopping), ContractJson.Options, statusCode: StatusCodes.Status202Accepted);
            }));
        spawner.Publish(new ServerStatus(Name, ServerState.Running, new Uri($"http://127.0.0.1:1/user/{Name}/"), null, "racer-server-token", DateTimeOffset.UtcNow));
        await using var hub = environment.StartHub(spawner: spawner.Url);
        hubRegistry.SetResult(hub.Services.GetRequiredService<ServerRegistry>());
        await hub.SynchronizedAsync();
        using var operatorClient = hub.Operator();
        using (var created = await operatorClient.PostAsync($"/hub/api/users/{Name}", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.NotNull(HubApi.Server(await HubApi.GetJsonAsync(operatorClient, $"/hub/api/users/{Name}")));

        using (var stop = await operatorClient.DeleteAsync($"/hub/api/users/{Name}/server", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }

        var user = await HubApi.GetJsonAsync(operatorClient, $"/hub/api/users/{Name}");
        Assert.Null(HubApi.Server(user));
        Assert.Equal(JsonValueKind.Null, user.GetProperty("pending").ValueKind);
    }
}
