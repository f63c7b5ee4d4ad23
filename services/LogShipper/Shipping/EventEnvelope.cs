using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lakehouse.LogShipper.Parsing;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// The JSON body of a shipped event. A line that is a JSON object (our services' logs in a cluster) keeps its
/// fields under <c>fields</c>, with <c>message</c> and <c>level</c> lifted from them.
/// </summary>
public static class EventEnvelope
{
    /// <summary>Stable across restarts and re-reads: the same host, file, generation and offset give the same id.</summary>
    public static string Id(string host, LogEvent e)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{host}|{e.Source.Identity}|{e.Generation}|{e.StartOffset}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    public static OutgoingMessage Create(string host, LogEvent e)
    {
        var id = Id(host, e);
        var owner = e.Source.Owner;
        var buffer = new ArrayBufferWriter<byte>(e.Message.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("timestamp", e.Timestamp);
            writer.WriteString("kind", owner.Kind);
            WriteOptional(writer, "service", owner.Service);
            WriteOptional(writer, "user", owner.User);
            WriteOptional(writer, "server", owner.Server);
            WriteOptional(writer, "pod", owner.Pod);
            WriteOptional(writer, "namespace", owner.Namespace);
            WriteOptional(writer, "container", owner.Container);
            writer.WriteString("host", host);
            WriteOptional(writer, "stream", e.Stream);
            writer.WriteString("file", e.Source.Path);
            writer.WriteNumber("offset", e.StartOffset);
            writer.WriteNumber("lines", e.Lines);
            if (TryParseObject(e.Message) is { } fields)
            {
                using (fields)
                {
                    var root = fields.RootElement;
                    writer.WriteString("message", FirstString(root, "Message", "message", "msg") ?? e.Message);
                    WriteOptional(writer, "level", FirstString(root, "LogLevel", "level", "severity"));
                    writer.WritePropertyName("fields");
                    root.WriteTo(writer);
                }
            }
            else
            {
                writer.WriteString("message", e.Message);
            }

            writer.WriteEndObject();
        }

        return new OutgoingMessage(e, id, owner.RoutingKey, buffer.WrittenSpan.ToArray());
    }

    private static JsonDocument? TryParseObject(string message)
    {
        if (message.Length < 2 || message[0] != '{' || message[^1] != '}')
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? FirstString(JsonElement root, params string[] names)
    {
        foreach (var name in names)
        {
            if (root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
        }

        return null;
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
