namespace Lakehouse.Hosting.RabbitMQ;

/// <summary>
/// The run-mode command of a RabbitMQ resource: a small sh script that starts the node's own epmd in the
/// foreground and then the node, both as its children. Left to itself, Erlang starts epmd as a daemon that
/// outlives the node (and a later node would reuse it); this way a stop of the resource stops both.
/// </summary>
internal static class RabbitMQLauncher
{
    public const string FileName = "rabbitmq-launcher.sh";

    /// <summary>Debian's server script itself, not the <c>/usr/sbin</c> wrapper that switches user and logs to /var/log.</summary>
    public const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public const string InstallHint = "apt-get install -y rabbitmq-server";

    public static readonly string Script = $$"""
        #!/bin/sh
        # Written by the Lakehouse AppHost: runs a private RabbitMQ node and its own epmd as children of this shell,
        # so that stopping this process stops both. Ports, node name and folders come from the environment.
        set -eu

        server={{ServerScript}}
        if [ ! -x "$server" ] || ! command -v epmd >/dev/null 2>&1; then
            echo "rabbitmq-server is not installed: run {{InstallHint}} (or ./lakehouse up)" >&2
            exit 127
        fi

        epmd -address "${ERL_EPMD_ADDRESS:?}" -port "${ERL_EPMD_PORT:?}" &
        epmd_pid=$!

        stop_epmd() {
            kill -TERM "$epmd_pid" 2>/dev/null || true
            wait "$epmd_pid" 2>/dev/null || true
        }

        # The node must find our epmd listening, or it would start a daemon epmd of its own.
        tries=0
        until epmd -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1; do
            if ! kill -0 "$epmd_pid" 2>/dev/null; then
                echo "epmd could not listen on $ERL_EPMD_ADDRESS:$ERL_EPMD_PORT" >&2
                exit 1
            fi
            tries=$((tries + 1))
            if [ "$tries" -ge 600 ]; then
                echo "epmd did not answer on port $ERL_EPMD_PORT within 60 s" >&2
                stop_epmd
                exit 1
            fi
            sleep 0.1
        done

        "$server" &
        server_pid=$!
        # rabbitmq-server turns SIGTERM into a clean shutdown of the node.
        trap 'kill -TERM "$server_pid" 2>/dev/null || true' TERM INT HUP

        status=0
        # A trapped signal interrupts wait: keep waiting until the node has really stopped.
        while kill -0 "$server_pid" 2>/dev/null; do
            wait "$server_pid" && status=0 || status=$?
        done
        stop_epmd
        exit "$status"

        """;
}
