using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lakehouse.ServiceDefaults.Json;

/// <summary>Settings for JSON that a service writes into HTTP responses with a source-generated context.</summary>
public static class ResponseJson
{
    /// <summary>
    /// The generated context's settings with the encoder ASP.NET Core uses for response bodies: characters such as
    /// <c>'</c>, <c>&lt;</c> or non-ASCII letters are written as they are, not as <c>\u0027</c>. Escaping them only
    /// matters for JSON embedded in HTML, and the answers stay the bytes they were before the contexts existed.
    /// </summary>
    public static JsonSerializerOptions OptionsLike(JsonSerializerOptions generated) =>
        new(generated) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
