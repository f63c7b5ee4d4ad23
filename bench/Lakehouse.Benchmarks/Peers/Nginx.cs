using System.Globalization;

namespace Lakehouse.Benchmarks.Peers;

/// <summary>Debian's nginx with one worker: the static backend every proxy forwards to, or a proxy peer itself.</summary>
internal static class Nginx
{
    public const string Program = "/usr/sbin/nginx";

    /// <summary>The tiny file each proxy serves from the static backend, under the same path as a user's server.</summary>
    public const string StaticPath = "/user/alice/static.txt";

    public static string? MissingPrerequisite() =>
        File.Exists(Program) ? null : "nginx is not installed: apt-get install -y nginx-light";

    public static async Task<(PeerProcess Process, int Port)> StartStaticAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("lakehouse-bench-nginx-static-").FullName;
        // nginx's worker runs as an unprivileged user: it must be able to walk to the file.
        File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
        var file = Path.Combine(directory, "www", StaticPath.TrimStart('/'));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "ok\n", cancellationToken);
        var port = Measurements.FreeLoopbackPort();
        var server = $$"""
            server {
                listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                location / { root {{Path.Combine(directory, "www")}}; }
            }
            """;
        var process = await StartAsync(directory, server, new Uri($"http://127.0.0.1:{port}{StaticPath}"), cancellationToken);
        return (process, port);
    }

    /// <summary>nginx as a reverse proxy to <paramref name="target"/>, with upstream keep-alive and WebSocket upgrades.</summary>
    public static async Task<(PeerProcess Process, int Port)> StartProxyAsync(Uri target, Uri probe, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("lakehouse-bench-nginx-proxy-").FullName;
        var port = Measurements.FreeLoopbackPort();
        var server = $$"""
            map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
            upstream backend { server {{target.Authority}}; keepalive 64; }
            server {
                listen 127.0.0.1:{{port.ToString(CultureInfo.InvariantCulture)}};
                location / {
                    proxy_pass http://backend;
                    proxy_http_version 1.1;
                    proxy_set_header Host $host;
                    proxy_set_header Upgrade $http_upgrade;
                    proxy_set_header Connection $connection_upgrade;
                }
            }
            """;
        var process = await StartAsync(directory, server, new Uri($"http://127.0.0.1:{port}{probe.PathAndQuery}"), cancellationToken);
        return (process, port);
    }

    private static async Task<PeerProcess> StartAsync(string directory, string server, Uri probe, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(directory, "temp");
        System.IO.Directory.CreateDirectory(temp);
        var config = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            daemon off;
            worker_processes 1;
            pid {{Path.Combine(directory, "nginx.pid")}};
            error_log {{Path.Combine(directory, "error.log")}} warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                {{server}}
            }
            """, cancellationToken);
        var process = PeerProcess.Start(Program, ["-c", config, "-p", directory + "/", "-e", Path.Combine(directory, "error.log")], directory);
        await process.WaitUntilAnswersAsync(probe, cancellationToken);
        return process;
    }
}
