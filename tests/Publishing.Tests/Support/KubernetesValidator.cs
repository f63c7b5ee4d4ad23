namespace Lakehouse.Publishing.Tests.Support;

/// <summary>
/// tests/tools/k8s-validate: validates Kubernetes YAML against kubernetes-models' schemas. Installs its npm
/// packages once (without a lockfile) when node_modules is missing. One per test assembly, so installs never race.
/// </summary>
public sealed class KubernetesValidator : IAsyncLifetime
{
    public string ToolDirectory { get; } = Path.Combine(RepositoryRoot.Path, "tests", "tools", "k8s-validate");

    public async ValueTask InitializeAsync()
    {
        if (Directory.Exists(Path.Combine(ToolDirectory, "node_modules", "kubernetes-models")))
        {
            return;
        }

        var install = await ProcessRunner.RunAsync(
            "npm", ["install", "--no-package-lock", "--no-audit", "--no-fund"], ToolDirectory, timeout: TimeSpan.FromMinutes(10));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install in {ToolDirectory} failed: {install}");
        }
    }

    public Task<ProcessResult> ValidateAsync(string directory, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync("node", [Path.Combine(ToolDirectory, "validate.mjs"), directory], ToolDirectory, cancellationToken: cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
