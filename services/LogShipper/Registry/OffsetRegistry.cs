using System.Text.Json;
using Lakehouse.LogShipper.Options;
using Lakehouse.LogShipper.Shipping;
using Lakehouse.LogShipper.Sources;
using Microsoft.Extensions.Options;

namespace Lakehouse.LogShipper.Registry;

/// <summary>
/// The registry file (filebeat's idea): confirmed offsets per file identity, rewritten atomically after every
/// confirmed batch. After a crash, reading resumes there, so at most the batch in flight is shipped twice.
/// </summary>
public sealed class OffsetRegistry
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly Dictionary<FileIdentity, RegistryEntry> _entries;

    public OffsetRegistry(IOptions<LogShipperOptions> options, ShipperPaths paths)
    {
        _path = options.Value.RegistryPath ?? paths.DefaultRegistry;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        _entries = Load(_path);
    }

    public string FilePath => _path;

    public RegistryEntry? Get(FileIdentity identity)
    {
        lock (_lock)
        {
            return _entries.GetValueOrDefault(identity);
        }
    }

    public IReadOnlyList<RegistryEntry> All()
    {
        lock (_lock)
        {
            return [.. _entries.Values];
        }
    }

    /// <summary>Starts tracking a file (or a new generation of it after a truncation) at <paramref name="offset"/>.</summary>
    public void Track(SourceFile file, long generation, long offset)
    {
        lock (_lock)
        {
            _entries[file.Identity] = new RegistryEntry(file.Path, file.Identity.Device, file.Identity.Inode, generation, offset);
            Save();
        }
    }

    /// <summary>Records confirmed events; events of an older generation than the file's are ignored.</summary>
    public void Commit(IEnumerable<OutgoingMessage> confirmed)
    {
        lock (_lock)
        {
            foreach (var e in confirmed)
            {
                var identity = e.Source.Identity;
                if (!_entries.TryGetValue(identity, out var entry) || e.Generation > entry.Generation)
                {
                    _entries[identity] = new RegistryEntry(e.Source.Path, identity.Device, identity.Inode, e.Generation, e.EndOffset);
                }
                else if (e.Generation == entry.Generation && e.EndOffset > entry.Offset)
                {
                    _entries[identity] = entry with { Offset = e.EndOffset };
                }
            }

            Save();
        }
    }

    public void Forget(FileIdentity identity)
    {
        lock (_lock)
        {
            if (_entries.Remove(identity))
            {
                Save();
            }
        }
    }

    private void Save()
    {
        // Write then rename: a crash leaves the old registry or the new one, never half of one.
        var temporary = _path + ".tmp";
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(stream, _entries.Values, JsonOptions);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private static Dictionary<FileIdentity, RegistryEntry> Load(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            var entries = JsonSerializer.Deserialize<List<RegistryEntry>>(File.ReadAllText(path), JsonOptions) ?? [];
            return entries.ToDictionary(e => new FileIdentity(e.Device, e.Inode));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The log shipper's registry {path} is not valid JSON; move it away to ship every file from its start.", e);
        }
    }
}
