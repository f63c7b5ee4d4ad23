# shellcheck shell=bash disable=SC2034 # the arrays are read by ./lakehouse
# What Lakehouse needs from the machine, in one place; sourced by ./lakehouse, which installs what is missing.
# To add a need, add one line with a comment saying what it is for.

# Debian packages the platform runs: ./lakehouse up installs them, and so does ./lakehouse test.
LAKEHOUSE_PLATFORM_PACKAGES=(
    rabbitmq-server # log shipping: the local broker (RabbitMQ resource runs /usr/lib/rabbitmq/bin/rabbitmq-server)
    slapd           # login: the local OpenLDAP directory (OpenLDAP resource)
    ldap-utils      # ldapsearch: the OpenLDAP resource's health check; ldapwhoami in the tests
    jupyter-server         # the single-user notebook servers the spawner starts (/usr/bin/jupyter-server)
    python3-jupyter-server # their Python package
    jupyter-client         # kernels for them
    jupyter-notebook       # the classic notebook's static files
    python3-nbclassic      # the notebook UI (/tree, /notebooks) as an extension of those servers
    python3-ipykernel      # the python3 kernel those servers run
    python3-terminado      # terminals in those servers
    util-linux      # setsid and setpriv: each server in its own session, as its user's UID/GID
    nfs-ganesha     # the homes over NFSv4 locally (NFS resource runs /usr/bin/ganesha.nfsd)
    nfs-ganesha-vfs # ganesha's VFS backend, which exports a local folder
    gcc             # links the services compiled ahead of time (NativeAOT's last step)
    libc6-dev       # the C runtime files that link needs (only recommended by gcc)
)

# Debian packages only the tests need, on top of the platform's.
LAKEHOUSE_TEST_PACKAGES=(
    chromium      # browser tests: Microsoft.Playwright drives /usr/bin/chromium and never downloads a browser
    postgresql-15 # the hub's PostgreSQL store, tested against a private server (/usr/lib/postgresql/15/bin)
    libnfs-utils  # nfs-ls, nfs-cat, nfs-cp: the homes' NFS export checked from userspace (this kernel cannot mount NFS)
    openssl       # a throwaway CA and certificate for the LDAP StartTLS and ldaps:// tests
    procps        # /bin/kill: the tests signal a service's whole process group (slim images lack it)
    python3       # /usr/bin/python3 -m http.server: a plain executable resource in the hosting tests
)

# Debian packages only the benchmarks need: the peers measured side by side with Lakehouse, and the load.
LAKEHOUSE_BENCH_PACKAGES=(
    jupyterhub                   # peer: JupyterHub 3.0 (hub, spawns, API)
    node-configurable-http-proxy # peer: configurable-http-proxy 4.5, JupyterHub's proxy (CHP 5.3 comes from npm: bench/tools)
    nginx-light                  # peer proxy, and the static backend every proxy is measured against
    wrk                          # HTTP load generator
)

# Programs the tests need, as "command:debian-package": the package is installed only when the command is missing,
# because a machine may have them from elsewhere (a Node.js not from Debian, for example).
LAKEHOUSE_TEST_COMMANDS=(
    node:nodejs # runs the npm tools under tests/tools (Kubernetes manifest validation) and tools/oidc-provider (--identity oidc)
    npm:npm     # installs those tools
)

# debconf answers, "package question type value", set before installing; for packages that would otherwise ask
# or configure a system-wide instance (slapd, glewlwyd when they arrive).
LAKEHOUSE_DEBCONF_SELECTIONS=(
    "slapd slapd/no_configuration boolean true" # no system-wide directory: the AppHost runs its own slapd
)
