using System.Text.Json.Serialization;

namespace Lakehouse.Hub.Apis.Models;

/// <summary>One event of JupyterHub's progress stream; the last one has <c>ready</c> and <c>url</c>, or <c>failed</c>.</summary>
public sealed record ProgressModel(
    int Progress,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Ready = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Failed = null);
