using System.Net;
using System.Net.Http.Headers;

namespace Lakehouse.RouteController.Tests.Infrastructure;

/// <summary>A real single-user Jupyter server (Debian's), at base URL <c>/user/{name}/</c> with its own token.</summary>
internal sealed class JupyterServer : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _root;

    private JupyterServer(ChildProcess process, string root, Uri url, string token) => (_process, _root, Url, Token) = (process, root, url, token);

    public Uri Url { get; }

    public string Token { get; }

    public string Output => _process.Output;

    public static async Task<JupyterServer> StartAsync(string name)
    {
        var port = FreePort.Next();
        var token = "jupyter-" + Guid.NewGuid().ToString("N");
        var root = Directory.CreateTempSubdirectory("rc-tests-jupyter-").FullName;
        string[] arguments =
        [
            "server", "--no-browser", "--ip=127.0.0.1", $"--port={port}", "--ServerApp.port_retries=0",
            $"--ServerApp.base_url=/user/{name}/", $"--ServerApp.token={token}", $"--ServerApp.root_dir={root}", "--allow-root",
        ];
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = root,
            ["PATH"] = "/usr/bin:/bin",
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(root, ".runtime"),
        };
        var process = ChildProcess.Start("/usr/bin/jupyter", arguments, environment, root);
        var server = new JupyterServer(process, root, new Uri($"http://127.0.0.1:{port}/user/{name}/"), token);
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false });
            await Poll.UntilAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException("Jupyter exited:\n" + process.Output);
                }

                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.Url, "api/status"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("token", token);
                    using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "Jupyter to answer", TimeSpan.FromSeconds(90));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A kernel may still be writing; the temp folder is reclaimed later.
        }
    }
}
