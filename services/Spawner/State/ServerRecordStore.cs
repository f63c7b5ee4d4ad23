using System.Text.Json;
using Lakehouse.Contracts;

namespace Lakehouse.Spawner.State;

/// <summary>
/// One JSON file per server under <c>spawner/</c>, readable by root only (it holds the server's token), written
/// atomically (a temporary file renamed over the old one) so that a crash never leaves half a record.
/// </summary>
public sealed class ServerRecordStore(StatePaths paths, ILogger<ServerRecordStore> logger)
{
    private const string TemporarySuffix = ".tmp";
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public void Save(ServerRecord record)
    {
        Directory.CreateDirectory(paths.Records, OwnerOnlyFolder);
        var path = paths.Record(record.Name);
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = OwnerOnlyFile,
        }))
        {
            JsonSerializer.Serialize(file, record, ServerRecordJsonContext.Default.ServerRecord);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Delete(string name) => File.Delete(paths.Record(name));

    /// <summary>Every readable record; unreadable ones are reported and left in place for an operator to look at.</summary>
    public IReadOnlyList<ServerRecord> LoadAll()
    {
        if (!Directory.Exists(paths.Records))
        {
            return [];
        }

        foreach (var leftover in Directory.EnumerateFiles(paths.Records, "*" + TemporarySuffix))
        {
            File.Delete(leftover);
        }

        var records = new List<ServerRecord>();
        foreach (var file in Directory.EnumerateFiles(paths.Records, "*.json"))
        {
            try
            {
                var record = JsonSerializer.Deserialize(File.ReadAllText(file), ServerRecordJsonContext.Default.ServerRecord);
                if (record is null || !UserName.TryNormalize(record.Name, out var name, out _) || name != record.Name
                    || Path.GetFileNameWithoutExtension(file) != name)
                {
                    logger.LogWarning("Ignoring the server record {File}: it does not name its server properly", file);
                    continue;
                }

                records.Add(record);
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                logger.LogWarning(e, "Ignoring the unreadable server record {File}", file);
            }
        }

        return records;
    }
}
