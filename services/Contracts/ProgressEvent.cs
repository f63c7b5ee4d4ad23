using System.Text.Json.Serialization;

namespace Lakehouse.Contracts;

/// <summary>One step of a spawn, as in JupyterHub's progress stream; the last one has <see cref="Ready"/> or <see cref="Failed"/>.</summary>
public sealed record ProgressEvent(int Progress, string Message, bool? Ready = null, Uri? Url = null, bool? Failed = null)
{
    [JsonIgnore]
    public bool IsFinal => Ready == true || Failed == true;
}
