using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends;

namespace Lakehouse.Spawner.State;

/// <summary>What is persisted of a started server, so that a restarted spawner can take it back.</summary>
public sealed record ServerRecord(
    string Name,
    UserIdentity Identity,
    string Token,
    ServerInstance Instance,
    ServerState State,
    DateTimeOffset StartedAt);
