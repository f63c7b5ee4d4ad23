namespace Lakehouse.Hub.Data;

/// <summary>A login. The cookie holds a random id; only its SHA-256 is kept, so the table alone lets nobody in.</summary>
public sealed class Session
{
    /// <summary>Lowercase hex SHA-256 of the cookie value.</summary>
    public required string IdHash { get; set; }

    public int UserId { get; set; }

    public User User { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}
