namespace Lakehouse.Hub.Data;

/// <summary>An API token. Only the SHA-256 of its secret is kept; <see cref="Prefix"/> helps people tell tokens apart.</summary>
public sealed class ApiToken
{
    public int Id { get; set; }

    /// <summary>Lowercase hex SHA-256 of the secret.</summary>
    public required string Hash { get; set; }

    public required string Prefix { get; set; }

    public int UserId { get; set; }

    public User User { get; set; } = null!;

    public string Note { get; set; } = string.Empty;

    /// <summary>Space-separated.</summary>
    public string Scopes { get; set; } = string.Empty;

    public DateTime CreatedAt { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? LastUsed { get; set; }
}
