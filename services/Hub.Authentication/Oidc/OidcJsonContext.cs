using System.Text.Json.Serialization;

namespace Lakehouse.Hub.Authentication.Oidc;

/// <summary>
/// Serialization code generated at build time for what the OpenID login keeps between requests: the login in
/// progress (in its cookie) and a user's tokens (the hub's auth state). The hub is compiled ahead of time, where
/// System.Text.Json has no reflection. Default settings, as these were always written with.
/// </summary>
[JsonSerializable(typeof(OidcLoginState))]
[JsonSerializable(typeof(OidcTokens))]
public sealed partial class OidcJsonContext : JsonSerializerContext;
