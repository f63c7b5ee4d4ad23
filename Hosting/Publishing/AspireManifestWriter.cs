using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting.Publishing;

/// <summary>
/// Writes the model in Aspire's manifest format (schema aspire-8.0): resources in declaration order, env and args
/// as manifest expressions such as <c>{hub.bindings.http.url}</c>, paths relative to the manifest's folder.
/// </summary>
public sealed class AspireManifestWriter(DistributedApplicationExecutionContext executionContext)
{
    public const string FileName = "aspire-manifest.json";
    public const string SchemaUri = "https://json.schemastore.org/aspire-8.0.json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Keeps '+', '<', '&' and non-ASCII readable, as Aspire's manifest does.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The manifest's text, ending with a newline; <paramref name="outputDirectory"/> is where it will be written.</summary>
    public async Task<string> WriteAsync(DistributedApplicationModel model, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var manifestDirectory = Path.GetFullPath(outputDirectory);
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("$schema", SchemaUri);
            writer.WriteStartObject("resources");
            // The Kubernetes environment describes the cluster, not a resource to deploy: Aspire's manifest has no entry for it.
            foreach (var resource in model.Resources.Where(r => r is not KubernetesEnvironmentResource))
            {
                writer.WriteStartObject(resource.Name);
                await WriteResourceAsync(writer, resource, manifestDirectory, cancellationToken);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private Task WriteResourceAsync(Utf8JsonWriter writer, IResource resource, string manifestDirectory, CancellationToken cancellationToken) => resource switch
    {
        ProjectResource project => WriteProjectAsync(writer, project, manifestDirectory, cancellationToken),
        ExecutableResource executable when executable.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault() is { } image =>
            WriteContainerAsync(writer, executable, image.Reference, executable.Annotations.OfType<ContainerArgsAnnotation>().LastOrDefault()?.Args, cancellationToken),
        ExecutableResource executable => WriteExecutableAsync(writer, executable, manifestDirectory, cancellationToken),
        ContainerResource container => WriteContainerAsync(writer, container, ContainerImageReference(container), args: null, cancellationToken),
        ParameterResource parameter => WriteParameter(writer, parameter),
        IResourceWithConnectionString value => WriteValue(writer, value),
        _ => throw new PublishingException($"Resource '{resource.Name}' ({resource.GetType().Name}) has no manifest form: it is not a project, executable, container, parameter or connection string."),
    };

    /// <summary>The image a container runs: its image annotation when it has one, else its own name and tag.</summary>
    internal static string ContainerImageReference(ContainerResource container) =>
        container.Annotations.OfType<ContainerImageAnnotation>().LastOrDefault()?.Reference ?? $"{container.Image}:{container.Tag}";

    private async Task WriteProjectAsync(Utf8JsonWriter writer, ProjectResource project, string manifestDirectory, CancellationToken cancellationToken)
    {
        writer.WriteString("type", "project.v0");
        writer.WriteString("path", RelativePath(manifestDirectory, project.Metadata.ProjectPath));
        await WriteArgumentsAsync(writer, project, cancellationToken);
        await WriteEnvironmentAsync(writer, project, cancellationToken);
        WriteBindings(writer, project);
    }

    private async Task WriteExecutableAsync(Utf8JsonWriter writer, ExecutableResource executable, string manifestDirectory, CancellationToken cancellationToken)
    {
        writer.WriteString("type", "executable.v0");
        writer.WriteString("workingDirectory", RelativePath(manifestDirectory, executable.WorkingDirectory));
        writer.WriteString("command", executable.Command);
        await WriteArgumentsAsync(writer, executable, cancellationToken);
        await WriteEnvironmentAsync(writer, executable, cancellationToken);
        WriteBindings(writer, executable);
    }

    /// <summary>A container, or an executable published as one; <paramref name="args"/> replace the resource's own arguments when given.</summary>
    private async Task WriteContainerAsync(Utf8JsonWriter writer, IResource resource, string image, IReadOnlyList<string>? args, CancellationToken cancellationToken)
    {
        writer.WriteString("type", "container.v0");
        if (resource is IResourceWithConnectionString withConnectionString)
        {
            writer.WriteString("connectionString", withConnectionString.ConnectionStringExpression.ValueExpression);
        }

        writer.WriteString("image", image);
        if (args is not null)
        {
            WriteStrings(writer, "args", args);
        }
        else if (resource is ContainerResource)
        {
            await WriteArgumentsAsync(writer, resource, cancellationToken);
        }

        await WriteEnvironmentAsync(writer, resource, cancellationToken);
        WriteBindings(writer, resource);
        WriteVolumes(writer, resource);
    }

    private static Task WriteParameter(Utf8JsonWriter writer, ParameterResource parameter)
    {
        writer.WriteString("type", "parameter.v0");
        writer.WriteString("value", $"{{{parameter.Name}.inputs.value}}");
        writer.WriteStartObject("inputs");
        writer.WriteStartObject("value");
        writer.WriteString("type", "string");
        if (parameter.Secret)
        {
            writer.WriteBoolean("secret", true);
        }

        switch (parameter.Default)
        {
            case GenerateParameterDefault generate:
                writer.WriteStartObject("default");
                writer.WriteStartObject("generate");
                writer.WriteNumber("minLength", generate.MinLength);
                // Aspire's generator allows every character class unless told otherwise, so only exclusions are written.
                WriteFalse(writer, "lower", generate.Lower);
                WriteFalse(writer, "upper", generate.Upper);
                WriteFalse(writer, "numeric", generate.Numeric);
                WriteFalse(writer, "special", generate.Special);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case ConstantParameterDefault constant:
                writer.WriteStartObject("default");
                writer.WriteString("value", constant.Value);
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        return Task.CompletedTask;

        static void WriteFalse(Utf8JsonWriter writer, string name, bool allowed)
        {
            if (!allowed)
            {
                writer.WriteBoolean(name, false);
            }
        }
    }

    private static Task WriteValue(Utf8JsonWriter writer, IResourceWithConnectionString value)
    {
        writer.WriteString("type", "value.v0");
        writer.WriteString("connectionString", value.ConnectionStringExpression.ValueExpression);
        return Task.CompletedTask;
    }

    private async Task WriteArgumentsAsync(Utf8JsonWriter writer, IResource resource, CancellationToken cancellationToken)
    {
        var args = await ResourceEnvironment.GetArgumentsAsync(resource, executionContext, cancellationToken);
        if (args.Count > 0)
        {
            WriteStrings(writer, "args", args.Select(ResourceEnvironment.ToManifestValue));
        }
    }

    private async Task WriteEnvironmentAsync(Utf8JsonWriter writer, IResource resource, CancellationToken cancellationToken)
    {
        var environment = await ResourceEnvironment.GetEnvironmentAsync(resource, executionContext, cancellationToken);
        if (environment.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("env");
        foreach (var (name, value) in environment)
        {
            writer.WriteString(name, ResourceEnvironment.ToManifestValue(value));
        }

        writer.WriteEndObject();
    }

    private static void WriteBindings(Utf8JsonWriter writer, IResource resource)
    {
        var endpoints = resource.GetEndpoints().ToList();
        if (endpoints.Count == 0)
        {
            return;
        }

        writer.WriteStartObject("bindings");
        foreach (var endpoint in endpoints)
        {
            writer.WriteStartObject(endpoint.Name);
            writer.WriteString("scheme", endpoint.UriScheme);
            writer.WriteString("protocol", endpoint.Protocol);
            writer.WriteString("transport", endpoint.Transport);
            if (endpoint.Port is { } port)
            {
                writer.WriteNumber("port", port);
            }

            if (endpoint.TargetPort is { } targetPort)
            {
                writer.WriteNumber("targetPort", targetPort);
            }

            if (endpoint.IsExternal)
            {
                writer.WriteBoolean("external", true);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteVolumes(Utf8JsonWriter writer, IResource resource)
    {
        var volumes = resource.Annotations.OfType<ContainerVolumeAnnotation>().ToList();
        if (volumes.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("volumes");
        foreach (var volume in volumes)
        {
            writer.WriteStartObject();
            writer.WriteString("name", volume.Name);
            writer.WriteString("target", volume.Target);
            writer.WriteBoolean("readOnly", volume.IsReadOnly);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>Relative to the manifest's folder with forward slashes, so the manifest reads the same on any machine.
    /// A path that is relative already is kept as declared.</summary>
    private static string RelativePath(string manifestDirectory, string path) =>
        (Path.IsPathRooted(path) ? Path.GetRelativePath(manifestDirectory, path) : path).Replace('\\', '/');
}
