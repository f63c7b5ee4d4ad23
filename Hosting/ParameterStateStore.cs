using System.Security.Cryptography;
using System.Text.Json;
using Lakehouse.Hosting.ApplicationModel;

namespace Lakehouse.Hosting;

/// <summary>Generated parameter values, kept in <c>{state}/parameters.json</c> (mode 0600) so they stay the same across runs.</summary>
internal sealed class ParameterStateStore(string stateDirectory)
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Special = "-_.~";

    public string FilePath { get; } = Path.Combine(stateDirectory, "parameters.json");

    public string GetOrCreate(string name, GenerateParameterDefault generate)
    {
        Directory.CreateDirectory(stateDirectory);
        // Two AppHost processes (run and publish) may race: an exclusive lock file serialises them.
        using var gate = AcquireLock();
        var values = Read();
        if (values.TryGetValue(name, out var existing) && existing.Length > 0)
        {
            return existing;
        }

        var value = Generate(generate);
        values[name] = value;
        Write(values);
        return value;
    }

    internal static string Generate(GenerateParameterDefault generate)
    {
        var alphabet = (generate.Lower ? Lower : "") + (generate.Upper ? Upper : "") + (generate.Numeric ? Digits : "") + (generate.Special ? Special : "");
        if (alphabet.Length == 0)
        {
            alphabet = Lower + Digits;
        }

        return RandomNumberGenerator.GetString(alphabet, Math.Max(generate.MinLength, 16));
    }

    private FileStream AcquireLock()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(FilePath + ".lock", new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
            }
            catch (IOException) when (attempt < 250)
            {
                // Parameters resolve synchronously (a Lazy value), so this waits on the thread it is given.
                Thread.Sleep(20);
            }
        }
    }

    private Dictionary<string, string> Read()
    {
        if (!File.Exists(FilePath))
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            using var file = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize(file, ParameterStateJsonContext.Default.DictionaryStringString) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The parameter state file '{FilePath}' is not valid JSON; fix or delete it.", e);
        }
    }

    /// <summary>Writes a new file and renames it over the old one, so a crash never leaves a truncated file that would
    /// silently regenerate every secret.</summary>
    private void Write(Dictionary<string, string> values)
    {
        var temporary = FilePath + ".tmp";
        using (var file = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(file, values, ParameterStateJsonContext.Default.DictionaryStringString);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class ParameterStateJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
