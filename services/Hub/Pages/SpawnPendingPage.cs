using Lakehouse.Hub.Security;
using Lakehouse.Contracts;
using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Servers;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary>
/// <c>/hub/spawn-pending/{name}</c>: a progress bar fed by an EventSource on the progress API, then on to the
/// server. The script is served from the hub itself, so the page's CSP allows no inline code.
/// </summary>
internal static class SpawnPendingPage
{
    private const string ScriptPath = "/hub/static/spawn-pending.js";

    private const string Script = """
        "use strict";
        (function () {
          var root = document.getElementById("spawn");
          var bar = document.getElementById("progress-bar");
          var log = document.getElementById("progress-log");
          var message = document.getElementById("progress-message");
          var source = new EventSource(root.dataset.progressUrl);
          source.onmessage = function (e) {
            var event = JSON.parse(e.data);
            if (typeof event.progress === "number") { bar.value = event.progress; }
            if (event.message) {
              message.textContent = event.message;
              var item = document.createElement("li");
              item.textContent = event.message;
              log.appendChild(item);
            }
            if (event.ready) { source.close(); window.location.replace(event.url || root.dataset.serverUrl); }
            if (event.failed) { source.close(); message.className = "error"; }
          };
          source.onerror = function () { if (source.readyState === EventSource.CLOSED) { message.textContent = "Lost the progress stream; reload the page."; } };
        })();
        """;

    public static IEndpointRouteBuilder MapSpawnPendingPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ScriptPath, (HttpContext context) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Text(Script, "text/javascript; charset=utf-8");
        });
        endpoints.MapGet("/hub/spawn-pending/{name}", (HttpContext context, string name, ServerRegistry registry) =>
        {
            if (!PageContext.TryCaller(context, out var caller, out var redirect))
            {
                return redirect!;
            }

            if (!UserName.TryNormalize(name, out var userName, out var error) || !caller.Allows(Scopes.ReadServers, userName))
            {
                return Page(context, "Not allowed", $"<p class=\"error\">{E(error ?? "You may not watch this server.")}</p>", caller, StatusCodes.Status403Forbidden);
            }

            switch (registry.Get(userName)?.State)
            {
                case ServerState.Running:
                    return Results.Redirect(UserModel.PublicUrl(userName));
                case ServerState.Pending:
                    break;
                default:
                    return Results.Redirect(caller.Name == userName ? "/hub/home" : "/hub/admin");
            }

            var body = $"""
                <h1>Starting {E(userName)}'s server</h1>
                <div id="spawn" data-progress-url="{E(UserModel.ProgressUrl(userName))}" data-server-url="{E(UserModel.PublicUrl(userName))}">
                  <progress id="progress-bar" max="100" value="0"></progress>
                  <p id="progress-message">Waiting for the server…</p>
                  <details><summary>Event log</summary><ol id="progress-log"></ol></details>
                </div>
                """;
            return Page(context, "Starting", body, caller, script: ScriptPath);
        });
        return endpoints;
    }
}
