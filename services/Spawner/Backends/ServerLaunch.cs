using Lakehouse.Contracts;

namespace Lakehouse.Spawner.Backends;

/// <summary>What a backend needs to start one server: a validated identity, the server's token, extra environment.</summary>
public sealed record ServerLaunch(UserIdentity Identity, string Token, IReadOnlyDictionary<string, string> Environment);
