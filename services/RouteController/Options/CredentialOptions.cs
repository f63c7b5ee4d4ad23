namespace Lakehouse.RouteController.Options;

/// <summary>
/// The secrets the route controller holds (<c>Lakehouse</c> section): its own service token, which it shows the
/// spawner and the hub, and the operator's api-token, which <c>/api/routes</c> requires.
/// </summary>
public sealed class CredentialOptions
{
    public const string SectionName = "Lakehouse";

    public const int MinimumLength = 16;

    public string? ApiToken { get; set; }

    public ServiceTokens ServiceTokens { get; set; } = new();
}

public sealed class ServiceTokens
{
    public string? RouteController { get; set; }
}
