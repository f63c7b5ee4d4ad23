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
        // Two AppHost processes (run and publish) may race; an exclusive open serialises them.
        using var file = OpenLocked();
        var values = Read(file);
        if (values.TryGetValue(name, out var existing) && existing.Length > 0)
        {
            return existing;
        }

        var value = Generate(generate);
        values[name] = value;
        file.SetLength(0);
        JsonSerializer.Serialize(file, values, ParameterStateJsonContext.Default.DictionaryStringString);
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

    private FileStream OpenLocked()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var options = new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                };
                return new FileStream(FilePath, options);
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }

    private static Dictionary<string, string> Read(FileStream file)
    {
        if (file.Length == 0)
        {
            return new(StringComparer.Ordinal);
        }

        try
        {
            return JsonSerializer.Deserialize(file, ParameterStateJsonContext.Default.DictionaryStringString) ?? new(StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The parameter state file '{file.Name}' is not valid JSON; fix or delete it.", e);
        }
        finally
        {
            file.Position = 0;
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class ParameterStateJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
