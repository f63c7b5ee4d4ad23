using System.Text.Json.Nodes;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>One change in the store's history: what a watch replays (the object as it was after the change).</summary>
public sealed record Change(long ResourceVersion, ResourceInfo Resource, string Namespace, string Type, JsonObject Object);
