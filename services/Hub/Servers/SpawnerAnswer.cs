using System.Net;
using Lakehouse.Contracts;

namespace Lakehouse.Hub.Servers;

/// <summary>What the spawner answered: its status code, the server status it sent, or the reason it gave.</summary>
public sealed record SpawnerAnswer(HttpStatusCode StatusCode, ServerStatus? Status, string? Problem);
