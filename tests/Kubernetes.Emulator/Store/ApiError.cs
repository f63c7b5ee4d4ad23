using System.Net;
using System.Text.Json.Nodes;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>A request the emulated API refuses, answered as a Status object with the API's reason and message.</summary>
public sealed class ApiError(HttpStatusCode code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public HttpStatusCode Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    public static ApiError NotFound(ResourceInfo resource, string name) =>
        new(HttpStatusCode.NotFound, "NotFound", $"{resource.Qualified} \"{name}\" not found", Describe(resource, name));

    public static ApiError AlreadyExists(ResourceInfo resource, string name) =>
        new(HttpStatusCode.Conflict, "AlreadyExists", $"{resource.Qualified} \"{name}\" already exists", Describe(resource, name));

    public static ApiError Conflict(ResourceInfo resource, string name, string why) =>
        new(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {resource.Qualified} \"{name}\": {why}", Describe(resource, name));

    public static ApiError Invalid(ResourceInfo resource, string name, IReadOnlyList<(string Field, string Message)> causes)
    {
        var details = Describe(resource, name);
        details["causes"] = new JsonArray(causes.Select(c => (JsonNode)new JsonObject
        {
            ["reason"] = "FieldValueInvalid",
            ["message"] = c.Message,
            ["field"] = c.Field,
        }).ToArray());
        var summary = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new(HttpStatusCode.UnprocessableEntity, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {summary}", details);
    }

    public static ApiError Expired(string message) => new(HttpStatusCode.Gone, "Expired", message);

    public static ApiError BadRequest(string message) => new(HttpStatusCode.BadRequest, "BadRequest", message);

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = Details?.DeepClone(),
        ["code"] = (int)Code,
    };

    private static JsonObject Describe(ResourceInfo resource, string name) => new()
    {
        ["name"] = name,
        ["group"] = resource.Group.Length == 0 ? null : resource.Group,
        ["kind"] = resource.Plural,
    };
}
