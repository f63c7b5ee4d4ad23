namespace Lakehouse.Hub.Data;

/// <summary>
/// A user's auth state from their last OIDC login (JupyterHub's encrypted auth_state): the provider's tokens,
/// encrypted with AES-GCM under the auth-state key, so the table alone gives no token away.
/// </summary>
public sealed class AuthState
{
    public int UserId { get; set; }

    public User User { get; set; } = null!;

    /// <summary>The encrypted tokens (URL-safe base64 of nonce, ciphertext and tag).</summary>
    public required string Encrypted { get; set; }

    public DateTime UpdatedAt { get; set; }
}
