namespace Lakehouse.Hub.Security;

/// <summary>The hub's authentication scheme; who the caller is and what they may do is a <see cref="HubCaller"/>.</summary>
public static class HubClaims
{
    public const string Scheme = "Hub";

    /// <summary>The name the operator token acts under.</summary>
    public const string OperatorName = "operator";
}
