using Lakehouse.Hosting.ApplicationModel;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Orchestration;

/// <summary>Turns a resource into the program, arguments, environment and folder of its process, all values resolved.</summary>
internal sealed partial class LaunchSpecFactory(
    DistributedApplicationExecutionContext executionContext, RunModeVariables runModeVariables, ILogger<LaunchSpecFactory> logger)
{
    private const string DotnetHint = "install the .NET SDK";

    public async Task<LaunchSpec> CreateAsync(IResource resource, CancellationToken cancellationToken)
    {
        var environment = runModeVariables.For(resource);
        foreach (var (name, value) in await ResourceEnvironment.GetEnvironmentAsync(resource, executionContext, cancellationToken))
        {
            environment[name] = await ResolveAsync(value, $"variable {name}", cancellationToken);
        }

        var arguments = new List<string>();
        foreach (var argument in await ResourceEnvironment.GetArgumentsAsync(resource, executionContext, cancellationToken))
        {
            arguments.Add(await ResolveAsync(argument, "an argument", cancellationToken));
        }

        var searchPath = environment.GetValueOrDefault("PATH") ?? Environment.GetEnvironmentVariable("PATH");
        return resource switch
        {
            ProjectResource project => ForProject(project, arguments, environment, searchPath),
            ExecutableResource executable => ForExecutable(executable, arguments, environment, searchPath),
            _ => throw new ResourceStartException($"a {resource.GetType().Name} is not run as a process"),
        };
    }

    private LaunchSpec ForProject(ProjectResource project, List<string> arguments, Dictionary<string, string> environment, string? searchPath)
    {
        var targetPath = project.Metadata.TargetPath;
        if (!File.Exists(targetPath))
        {
            throw new ResourceStartException($"'{targetPath}' was not found; build it: dotnet build {project.Metadata.ProjectPath}");
        }

        var workingDirectory = Path.GetDirectoryName(project.Metadata.ProjectPath)!;
        if (NativeExecutable.Find(project.Metadata) is { } native)
        {
            LogNative(logger, project.Name, native);
            return new LaunchSpec(native, arguments, environment, RequireDirectory(workingDirectory));
        }

        var dotnet = FindDotnet(searchPath, workingDirectory)
            ?? throw new ResourceStartException($"program 'dotnet' was not found; {DotnetHint}");
        return new LaunchSpec(dotnet, [targetPath, .. arguments], environment, RequireDirectory(workingDirectory));
    }

    private static LaunchSpec ForExecutable(ExecutableResource executable, List<string> arguments, Dictionary<string, string> environment, string? searchPath)
    {
        var workingDirectory = RequireDirectory(executable.WorkingDirectory);
        var program = ExecutableLocator.Find(executable.Command, searchPath, workingDirectory);
        if (program is null)
        {
            var hint = executable.Annotations.OfType<InstallHintAnnotation>().LastOrDefault()?.Hint;
            throw new ResourceStartException(hint is null
                ? $"program '{executable.Command}' was not found"
                : $"program '{executable.Command}' was not found; install it: {hint}");
        }

        return new LaunchSpec(program, arguments, environment, workingDirectory);
    }

    /// <summary>The host that runs this AppHost when it is dotnet itself (DOTNET_HOST_PATH), otherwise dotnet on PATH.</summary>
    private static string? FindDotnet(string? searchPath, string workingDirectory) =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Environment.ProcessPath is { } self && Path.GetFileName(self) == "dotnet"
                ? self
                : ExecutableLocator.Find("dotnet", searchPath, workingDirectory);

    private static string RequireDirectory(string path) =>
        Directory.Exists(path) ? path : throw new ResourceStartException($"working directory '{path}' does not exist");

    private static async Task<string> ResolveAsync(object value, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await ResourceEnvironment.ResolveValueAsync(value, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // e.g. a parameter without a value: its message names the configuration key to set.
            throw new ResourceStartException($"cannot resolve {what}: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Resource} runs its ahead-of-time compiled build {Path}")]
    private static partial void LogNative(ILogger logger, string resource, string path);
}
