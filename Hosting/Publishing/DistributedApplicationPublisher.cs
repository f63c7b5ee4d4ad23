using Lakehouse.Hosting.ApplicationModel;
using Lakehouse.Hosting.Publishing.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Lakehouse.Hosting.Publishing;

/// <summary>
/// Publishes the model to <c>--output-path</c>: <c>aspire-manifest.json</c> and the <c>kubernetes</c> folder.
/// Everything is built in memory first, so a model that cannot be published leaves the output folder as it was.
/// </summary>
public sealed partial class DistributedApplicationPublisher(
    DistributedApplicationModel model,
    DistributedApplicationExecutionContext executionContext,
    AspireManifestWriter manifestWriter,
    KubernetesManifestWriter kubernetesWriter,
    ILogger<DistributedApplicationPublisher> logger)
{
    public async Task PublishAsync(CancellationToken cancellationToken = default)
    {
        var outputDirectory = executionContext.PublishOutputPath
            ?? throw new PublishingException("publish needs --output-path DIR.");
        if (File.Exists(outputDirectory))
        {
            throw new PublishingException($"The output path '{outputDirectory}' is a file, not a folder.");
        }

        var manifest = await manifestWriter.WriteAsync(model, outputDirectory, cancellationToken);
        var kubernetesFiles = await kubernetesWriter.WriteAsync(model, cancellationToken);
        var kubernetesDirectory = Path.Combine(outputDirectory, KubernetesManifestWriter.FolderName);
        EnsureReplaceable(kubernetesDirectory);

        Directory.CreateDirectory(outputDirectory);
        ReplaceDirectory(kubernetesDirectory, kubernetesFiles);
        var manifestPath = Path.Combine(outputDirectory, AspireManifestWriter.FileName);
        WriteFileAtomically(manifestPath, manifest, sensitive: false);
        LogPublished(logger, manifestPath, kubernetesDirectory, kubernetesFiles.Count);
    }

    /// <summary>Publishing owns the folder only when it wrote it: it is replaced whole, and a user's folder of the same name is never touched.</summary>
    private static void EnsureReplaceable(string directory)
    {
        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            return;
        }

        var kustomization = Path.Combine(directory, KubernetesManifestWriter.KustomizationFileName);
        if (!File.Exists(kustomization) || File.ReadLines(kustomization).FirstOrDefault() != KubernetesManifestWriter.GeneratedMarker)
        {
            throw new PublishingException($"'{directory}' exists and was not written by publish; move it away or choose another --output-path.");
        }
    }

    /// <summary>Writes the files into a sibling folder and swaps it in, so the folder never holds a mix of two publishes.</summary>
    private static void ReplaceDirectory(string directory, IReadOnlyList<PublishedFile> files)
    {
        var staging = Path.Combine(Path.GetDirectoryName(directory)!, $".{Path.GetFileName(directory)}.publishing-{Guid.NewGuid():N}");
        try
        {
            foreach (var file in files)
            {
                var path = Path.Combine(staging, file.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteFile(path, file.Content, file.IsSensitive);
            }

            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.Move(staging, directory);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void WriteFileAtomically(string path, string content, bool sensitive)
    {
        var temporary = $"{path}.publishing-{Guid.NewGuid():N}";
        try
        {
            WriteFile(temporary, content, sensitive);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Secret values are readable by the owner only; other files get the usual permissions.</summary>
    private static void WriteFile(string path, string content, bool sensitive)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (sensitive)
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(content);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {ManifestPath} and {FileCount} files under {KubernetesDirectory}")]
    private static partial void LogPublished(ILogger logger, string manifestPath, string kubernetesDirectory, int fileCount);
}
