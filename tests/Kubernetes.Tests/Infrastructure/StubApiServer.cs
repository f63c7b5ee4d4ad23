using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Kubernetes.Tests.Infrastructure;

/// <summary>
/// An HTTP server on a free loopback port that answers every request with one fixed response: for the client's
/// wire-level tests, with bodies as the API documentation shows them.
/// </summary>
internal sealed class StubApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubApiServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public List<(string Method, string PathAndQuery, string? ContentType, string Body)> Requests { get; } = [];

    public static async Task<StubApiServer> StartAsync(int status, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StubApiServer? server = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var requestBody = await reader.ReadToEndAsync();
            lock (server!.Requests)
            {
                server.Requests.Add((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.ContentType, requestBody));
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new StubApiServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
