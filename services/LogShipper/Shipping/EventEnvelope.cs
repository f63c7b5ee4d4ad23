using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Lakehouse.LogShipper.Parsing;
using Lakehouse.LogShipper.Sources;

namespace Lakehouse.LogShipper.Shipping;

/// <summary>
/// Writes the JSON body of shipped events. A line that is a JSON object (our services' logs in a cluster) keeps its
/// fields under <c>fields</c>, with <c>message</c> and <c>level</c> lifted from them. One instance per reader: it
/// reuses its writer and buffer, and encodes a file's constant fields once, so an event costs one allocation for
/// its body and one for its id.
/// </summary>
public sealed class EventEnvelope(string host)
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText KindName = JsonEncodedText.Encode("kind");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText UserName = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText ServerName = JsonEncodedText.Encode("server");
    private static readonly JsonEncodedText PodName = JsonEncodedText.Encode("pod");
    private static readonly JsonEncodedText NamespaceName = JsonEncodedText.Encode("namespace");
    private static readonly JsonEncodedText ContainerName = JsonEncodedText.Encode("container");
    private static readonly JsonEncodedText HostName = JsonEncodedText.Encode("host");
    private static readonly JsonEncodedText StreamName = JsonEncodedText.Encode("stream");
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText OffsetName = JsonEncodedText.Encode("offset");
    private static readonly JsonEncodedText LinesName = JsonEncodedText.Encode("lines");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText FieldsName = JsonEncodedText.Encode("fields");
    private static readonly string[] MessageFields = ["Message", "message", "msg"];
    private static readonly string[] LevelFields = ["LogLevel", "level", "severity"];

    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly JsonEncodedText _host = JsonEncodedText.Encode(host);
    private Utf8JsonWriter? _writer;
    private FileFields? _file;

    public OutgoingMessage Create(in LogEvent e)
    {
        var file = FieldsOf(e.Source);
        var id = Id(file.IdPrefix, e.Generation, e.StartOffset);
        _buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(_buffer);
        writer.Reset(_buffer);
        writer.WriteStartObject();
        writer.WriteString(IdName, id);
        writer.WriteString(TimestampName, e.Timestamp);
        writer.WriteString(KindName, file.Kind);
        WriteOptional(writer, ServiceName, file.Service);
        WriteOptional(writer, UserName, file.User);
        WriteOptional(writer, ServerName, file.Server);
        WriteOptional(writer, PodName, file.Pod);
        WriteOptional(writer, NamespaceName, file.Namespace);
        WriteOptional(writer, ContainerName, file.Container);
        writer.WriteString(HostName, _host);
        if (e.Stream is not null)
        {
            writer.WriteString(StreamName, e.Stream);
        }

        writer.WriteString(FileName, file.Path);
        writer.WriteNumber(OffsetName, e.StartOffset);
        writer.WriteNumber(LinesName, e.Lines);
        var message = e.Message.Span;
        if (TryParseObject(e.Message) is { } fields)
        {
            using (fields)
            {
                var root = fields.RootElement;
                if (FirstString(root, MessageFields) is { } lifted)
                {
                    writer.WriteString(MessageName, lifted);
                }
                else
                {
                    WriteText(writer, MessageName, message);
                }

                if (FirstString(root, LevelFields) is { } level)
                {
                    writer.WriteString(LevelName, level);
                }

                writer.WritePropertyName(FieldsName);
                root.WriteTo(writer);
            }
        }
        else
        {
            WriteText(writer, MessageName, message);
        }

        writer.WriteEndObject();
        writer.Flush();
        return new OutgoingMessage(e.Source, e.Generation, e.EndOffset, e.Lines, e.Timestamp, id, _buffer.WrittenSpan.ToArray());
    }

    /// <summary>Stable across restarts and re-reads: the same host, file, generation and offset give the same id
    /// (the first 16 bytes of SHA-256 of <c>{host}|{device}:{inode}|{generation}|{offset}</c>, in hex).</summary>
    private static string Id(ReadOnlySpan<byte> prefix, long generation, long offset)
    {
        // The prefix, then "{generation}|{offset}": at most 20 + 1 + 20 more bytes.
        var length = prefix.Length + 41;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> key = rented is null ? stackalloc byte[512] : rented;
        try
        {
            prefix.CopyTo(key);
            var written = prefix.Length;
            Utf8Formatter.TryFormat(generation, key[written..], out var digits);
            written += digits;
            key[written++] = (byte)'|';
            Utf8Formatter.TryFormat(offset, key[written..], out digits);
            written += digits;
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(key[..written], hash);
            return Convert.ToHexStringLower(hash[..16]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private FileFields FieldsOf(SourceFile source)
    {
        // Readers go through one file at a time: remembering the last one is enough.
        if (_file is not { } file || !ReferenceEquals(file.Source, source))
        {
            file = new FileFields(source, host);
            _file = file;
        }

        return file;
    }

    /// <summary>Text that is not valid UTF-8 is written as its decoding, with U+FFFD for the bad bytes.</summary>
    private static void WriteText(Utf8JsonWriter writer, JsonEncodedText name, ReadOnlySpan<byte> text)
    {
        if (Utf8.IsValid(text))
        {
            writer.WriteString(name, text);
        }
        else
        {
            writer.WriteString(name, Encoding.UTF8.GetString(text));
        }
    }

    private static JsonDocument? TryParseObject(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        if (span.Length < 2 || span[0] != (byte)'{' || span[^1] != (byte)'}')
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

    private static string? FirstString(JsonElement root, string[] names)
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

    private static void WriteOptional(Utf8JsonWriter writer, JsonEncodedText name, JsonEncodedText? value)
    {
        if (value is { } encoded)
        {
            writer.WriteString(name, encoded);
        }
    }

    /// <summary>A file's fields that are the same for each of its events, encoded once.</summary>
    private sealed class FileFields(SourceFile source, string host)
    {
        public SourceFile Source { get; } = source;

        public byte[] IdPrefix { get; } = Encoding.UTF8.GetBytes($"{host}|{source.Identity}|");

        public JsonEncodedText Kind { get; } = JsonEncodedText.Encode(source.Owner.Kind);

        public JsonEncodedText? Service { get; } = Encode(source.Owner.Service);

        public JsonEncodedText? User { get; } = Encode(source.Owner.User);

        public JsonEncodedText? Server { get; } = Encode(source.Owner.Server);

        public JsonEncodedText? Pod { get; } = Encode(source.Owner.Pod);

        public JsonEncodedText? Namespace { get; } = Encode(source.Owner.Namespace);

        public JsonEncodedText? Container { get; } = Encode(source.Owner.Container);

        public JsonEncodedText Path { get; } = JsonEncodedText.Encode(source.Path);

        private static JsonEncodedText? Encode(string? value) => value is null ? null : JsonEncodedText.Encode(value);
    }
}
