using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Lakehouse.Kubernetes.Emulator.Store;

/// <summary>
/// The emulated etcd and API semantics: one global resourceVersion counter; create (generateName, AlreadyExists),
/// get, list (selectors, limit/continue), update with optimistic concurrency, server-side apply, delete (a pod's
/// grace period, propagation policies), ownerReference garbage collection, and a bounded history that watches replay
/// from (older versions are 410 Gone). One lock keeps every change and its history entry in order.
/// </summary>
public sealed class ObjectStore(EmulatorOptions options)
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly object _lock = new();
    private readonly Dictionary<(ResourceInfo Resource, string Namespace, string Name), Stored> _objects = [];
    private readonly LinkedList<Change> _history = new();
    private readonly List<WatchSubscription> _watches = [];
    private long _version = 1;

    // The oldest version a watch can start from: every change after it is still in the history.
    private long _compactedThrough = 1;

    public long ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public int ActiveWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    public JsonObject Create(ResourceInfo resource, string ns, JsonObject item)
    {
        lock (_lock)
        {
            var metadata = Metadata(item);
            if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
            {
                metadata["name"] = prefix + new string(Enumerable.Range(0, 5)
                    .Select(_ => GenerateNameAlphabet[Random.Shared.Next(GenerateNameAlphabet.Length)]).ToArray());
            }

            CheckNamespace(resource, metadata, ns);
            metadata["namespace"] = ns;
            ObjectValidator.Validate(resource, item);
            var name = metadata["name"]!.GetValue<string>();
            if (_objects.ContainsKey((resource, ns, name)))
            {
                throw ApiError.AlreadyExists(resource, name);
            }

            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Timestamp(options.TimeProvider.GetUtcNow());
            metadata.Remove("deletionTimestamp");
            Default(resource, item);
            var stored = new Stored(item);
            _objects[(resource, ns, name)] = stored;
            Record(resource, ns, "ADDED", stored);
            CollectIfOrphaned(resource, ns, item);
            return (JsonObject)item.DeepClone();
        }
    }

    public JsonObject Get(ResourceInfo resource, string ns, string name)
    {
        lock (_lock)
        {
            return (JsonObject)Find(resource, ns, name).Object.DeepClone();
        }
    }

    public JsonObject? TryGet(ResourceInfo resource, string ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue((resource, ns, name), out var stored) ? (JsonObject)stored.Object.DeepClone() : null;
        }
    }

    /// <summary>A page of the selected objects, by namespace and name; the continue token names where the next one starts.</summary>
    public JsonObject List(ResourceInfo resource, string? ns, LabelSelector labels, Func<JsonObject, bool> fields, int? limit, string? continueToken)
    {
        lock (_lock)
        {
            var (version, offset) = continueToken is null ? (_version, 0) : ParseContinue(continueToken);
            if (version < _compactedThrough)
            {
                throw ApiError.Expired("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.");
            }

            var items = Selected(resource, ns, labels, fields).ToList();
            var page = items.Skip(offset).Take(limit is > 0 ? limit.Value : int.MaxValue).ToList();
            var next = offset + page.Count;
            var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
            if (next < items.Count)
            {
                metadata["continue"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{version}:{next}"));
                metadata["remainingItemCount"] = items.Count - next;
            }

            return new JsonObject
            {
                ["kind"] = resource.Kind + "List",
                ["apiVersion"] = resource.Group.Length == 0 ? "v1" : $"{resource.Group}/{resource.Versions[0]}",
                ["metadata"] = metadata,
                ["items"] = new JsonArray(page.Select(i => (JsonNode)i.DeepClone()).ToArray()),
            };
        }
    }

    /// <summary>PUT: replaces spec and metadata (status is the status subresource's); a stale resourceVersion is a 409.</summary>
    public JsonObject Update(ResourceInfo resource, string ns, string name, JsonObject item)
    {
        lock (_lock)
        {
            var stored = Find(resource, ns, name);
            var metadata = Metadata(item);
            CheckName(resource, metadata, name);
            CheckNamespace(resource, metadata, ns);
            CheckVersion(resource, name, metadata, stored);
            var updated = (JsonObject)item.DeepClone();
            KeepServerFields(stored.Object, updated);
            ObjectValidator.Validate(resource, updated);
            return Commit(resource, ns, stored, updated);
        }
    }

    /// <summary>Server-side apply: creates the object when missing, else merges this manager's configuration into it.</summary>
    public JsonObject Apply(ResourceInfo resource, string ns, string name, JsonObject applied, string manager, bool force)
    {
        lock (_lock)
        {
            var metadata = Metadata(applied);
            CheckName(resource, metadata, name);
            CheckNamespace(resource, metadata, ns);
            var kind = applied["kind"]?.GetValue<string>();
            if (kind != resource.Kind)
            {
                throw ApiError.BadRequest($"the kind of the applied object must be {resource.Kind}, not '{kind}'");
            }

            if (!_objects.TryGetValue((resource, ns, name), out var stored))
            {
                var created = Create(resource, ns, (JsonObject)applied.DeepClone());
                _objects[(resource, ns, name)].Managers[manager] = (JsonObject)applied.DeepClone();
                return created;
            }

            CheckVersion(resource, name, metadata, stored);
            var managers = stored.Managers.ToDictionary(m => m.Key, m => m.Value);
            var merged = ServerSideApply.Apply(stored.Object, applied, manager, force, managers, why => ApiError.Conflict(resource, name, why));
            ObjectValidator.Validate(resource, merged);
            stored.Managers.Clear();
            foreach (var (key, value) in managers)
            {
                stored.Managers[key] = value;
            }

            var result = Commit(resource, ns, stored, merged);
            CollectIfOrphaned(resource, ns, result);
            return result;
        }
    }

    /// <summary>Changes the status (a kubelet's or a controller's write), for test drivers.</summary>
    public JsonObject UpdateStatus(ResourceInfo resource, string ns, string name, Action<JsonObject> change)
    {
        lock (_lock)
        {
            var stored = Find(resource, ns, name);
            var updated = (JsonObject)stored.Object.DeepClone();
            if (updated["status"] is not JsonObject status)
            {
                status = [];
                updated["status"] = status;
            }

            change(status);
            return Commit(resource, ns, stored, updated);
        }
    }

    /// <summary>
    /// Deletes an object. A pod with a grace period is marked (deletionTimestamp) and removed once its containers have
    /// stopped (<see cref="EmulatorOptions.PodTerminationDelay"/>, at most the grace period). Dependents are deleted in
    /// the background after their owner (Background, the default), before it (Foreground), or kept without the
    /// reference (Orphan). Preconditions that the object no longer meets (another uid: the name was reused; another
    /// resourceVersion) refuse the delete with 409 Conflict, as the API server's registry does.
    /// </summary>
    public JsonObject Delete(ResourceInfo resource, string ns, string name, long? gracePeriodSeconds, string? propagationPolicy, DeletePreconditions preconditions)
    {
        if (propagationPolicy is not (null or "Background" or "Foreground" or "Orphan"))
        {
            throw ApiError.BadRequest($"DeleteOptions.PropagationPolicy: Unsupported value: \"{propagationPolicy}\"");
        }

        lock (_lock)
        {
            var stored = Find(resource, ns, name);
            var uid = stored.Object["metadata"]!["uid"]!.GetValue<string>();
            if (preconditions.Uid is { } wantedUid && wantedUid != uid)
            {
                throw ApiError.Conflict(resource, name, $"Precondition failed: UID in precondition: {wantedUid}, UID in object meta: {uid}");
            }

            var version = stored.Object["metadata"]!["resourceVersion"]!.GetValue<string>();
            if (preconditions.ResourceVersion is { } wantedVersion && wantedVersion != version)
            {
                throw ApiError.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {wantedVersion}, ResourceVersion in object meta: {version}");
            }

            if (propagationPolicy == "Orphan")
            {
                Orphan(uid);
            }
            else if (propagationPolicy == "Foreground")
            {
                CollectDependents(uid);
            }

            if (resource.Plural == "pods")
            {
                var grace = gracePeriodSeconds ?? JsonNumbers.AsLong(stored.Object["spec"]?["terminationGracePeriodSeconds"]) ?? 30;
                if (grace > 0)
                {
                    if (stored.Object["metadata"]!["deletionTimestamp"] is not null)
                    {
                        return (JsonObject)stored.Object.DeepClone();
                    }

                    var terminating = (JsonObject)stored.Object.DeepClone();
                    terminating["metadata"]!["deletionTimestamp"] = Timestamp(options.TimeProvider.GetUtcNow().AddSeconds(grace));
                    terminating["metadata"]!["deletionGracePeriodSeconds"] = grace;
                    var marked = Commit(resource, ns, stored, terminating);
                    var delay = TimeSpan.FromSeconds(grace) < options.PodTerminationDelay ? TimeSpan.FromSeconds(grace) : options.PodTerminationDelay;
                    _ = RemoveLaterAsync(resource, ns, name, uid, delay);
                    return marked;
                }
            }

            return Remove(resource, ns, name);
        }
    }

    /// <summary>Opens a watch: the replay (history after <paramref name="fromVersion"/>, or the current objects as ADDED) and the live changes after it.</summary>
    public (IReadOnlyList<Change> Replay, WatchSubscription Subscription) Watch(
        ResourceInfo resource, string? ns, LabelSelector labels, Func<JsonObject, bool> fields, long? fromVersion)
    {
        lock (_lock)
        {
            List<Change> replay;
            if (fromVersion is null or 0)
            {
                replay = Selected(resource, ns, labels, fields)
                    .Select(o => new Change(_version, resource, o["metadata"]!["namespace"]!.GetValue<string>(), "ADDED", (JsonObject)o.DeepClone()))
                    .ToList();
            }
            else if (fromVersion < _compactedThrough)
            {
                throw ApiError.Expired($"too old resource version: {fromVersion} ({_compactedThrough})");
            }
            else
            {
                replay = _history.Where(c => c.ResourceVersion > fromVersion && c.Resource == resource && (ns is null || c.Namespace == ns)
                    && labels.Matches(c.Object) && fields(c.Object)).ToList();
            }

            var subscription = new WatchSubscription(resource, ns, labels, fields);
            _watches.Add(subscription);
            return (replay, subscription);
        }
    }

    public void EndWatch(WatchSubscription subscription)
    {
        lock (_lock)
        {
            _watches.Remove(subscription);
        }
    }

    /// <summary>Ends every open watch as a broken connection would.</summary>
    public int DropWatches()
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Drop();
            }

            return _watches.Count;
        }
    }

    /// <summary>Forgets the whole history, as etcd compaction does: watches from any earlier version get 410.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _history.Clear();
            _compactedThrough = _version;
        }
    }

    public IReadOnlyList<JsonObject> Snapshot(ResourceInfo resource, string? ns)
    {
        lock (_lock)
        {
            return Selected(resource, ns, LabelSelector.Everything, _ => true).Select(o => (JsonObject)o.DeepClone()).ToList();
        }
    }

    private IEnumerable<JsonObject> Selected(ResourceInfo resource, string? ns, LabelSelector labels, Func<JsonObject, bool> fields) =>
        _objects.Where(e => e.Key.Resource == resource && (ns is null || e.Key.Namespace == ns))
            .OrderBy(e => e.Key.Namespace, StringComparer.Ordinal).ThenBy(e => e.Key.Name, StringComparer.Ordinal)
            .Select(e => e.Value.Object)
            .Where(o => labels.Matches(o) && fields(o));

    private Stored Find(ResourceInfo resource, string ns, string name) =>
        _objects.TryGetValue((resource, ns, name), out var stored) ? stored : throw ApiError.NotFound(resource, name);

    /// <summary>Stores a changed object with a new resourceVersion; an update that changes nothing is a no-op, as in the API.</summary>
    private JsonObject Commit(ResourceInfo resource, string ns, Stored stored, JsonObject updated)
    {
        updated["metadata"]!["resourceVersion"] = stored.Object["metadata"]!["resourceVersion"]?.DeepClone();
        if (JsonNode.DeepEquals(stored.Object, updated))
        {
            return (JsonObject)stored.Object.DeepClone();
        }

        var generationChanged = !JsonNode.DeepEquals(stored.Object["spec"], updated["spec"]);
        if (generationChanged)
        {
            updated["metadata"]!["generation"] = (JsonNumbers.AsLong(stored.Object["metadata"]!["generation"]) ?? 1) + 1;
        }

        stored.Object = updated;
        Record(resource, ns, "MODIFIED", stored);
        return (JsonObject)updated.DeepClone();
    }

    private JsonObject Remove(ResourceInfo resource, string ns, string name)
    {
        if (!_objects.Remove((resource, ns, name), out var stored))
        {
            throw ApiError.NotFound(resource, name);
        }

        Record(resource, ns, "DELETED", stored);
        var uid = stored.Object["metadata"]!["uid"]!.GetValue<string>();
        // The garbage collector works in the background, after the owner is gone.
        _ = Task.Run(() => CollectDependentsLocked(uid));
        return (JsonObject)stored.Object.DeepClone();
    }

    private async Task RemoveLaterAsync(ResourceInfo resource, string ns, string name, string uid, TimeSpan delay)
    {
        await Task.Delay(delay, options.TimeProvider);
        lock (_lock)
        {
            // Only the pod that was deleted: not one created again under the same name meanwhile.
            if (_objects.TryGetValue((resource, ns, name), out var stored) && stored.Object["metadata"]!["uid"]!.GetValue<string>() == uid)
            {
                Remove(resource, ns, name);
            }
        }
    }

    private void CollectDependentsLocked(string ownerUid)
    {
        lock (_lock)
        {
            CollectDependents(ownerUid);
        }
    }

    private void CollectDependents(string ownerUid)
    {
        foreach (var ((resource, ns, name), _) in _objects.Where(e => OwnerUids(e.Value.Object).Contains(ownerUid)).ToList())
        {
            if (_objects.ContainsKey((resource, ns, name)))
            {
                Remove(resource, ns, name);
            }
        }
    }

    /// <summary>An object whose owners are all gone (or never existed) is collected, as the garbage collector does.</summary>
    private void CollectIfOrphaned(ResourceInfo resource, string ns, JsonObject item)
    {
        var owners = OwnerUids(item);
        if (owners.Count == 0)
        {
            return;
        }

        var living = _objects.Values.Select(s => s.Object["metadata"]!["uid"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        if (owners.All(o => !living.Contains(o)))
        {
            var name = item["metadata"]!["name"]!.GetValue<string>();
            var uid = item["metadata"]!["uid"]!.GetValue<string>();
            _ = Task.Run(() =>
            {
                lock (_lock)
                {
                    if (_objects.TryGetValue((resource, ns, name), out var stored) && stored.Object["metadata"]!["uid"]!.GetValue<string>() == uid
                        && OwnerUids(stored.Object).All(o => !_objects.Values.Any(s => s.Object["metadata"]!["uid"]!.GetValue<string>() == o)))
                    {
                        Remove(resource, ns, name);
                    }
                }
            });
        }
    }

    private void Orphan(string ownerUid)
    {
        foreach (var (key, stored) in _objects.Where(e => OwnerUids(e.Value.Object).Contains(ownerUid)).ToList())
        {
            var updated = (JsonObject)stored.Object.DeepClone();
            var references = (JsonArray)updated["metadata"]!["ownerReferences"]!;
            foreach (var reference in references.Where(r => r?["uid"]?.GetValue<string>() == ownerUid).ToList())
            {
                references.Remove(reference);
            }

            Commit(key.Resource, key.Namespace, stored, updated);
        }
    }

    private static List<string> OwnerUids(JsonObject item) =>
        (item["metadata"]?["ownerReferences"] as JsonArray ?? [])
            .Select(r => r?["uid"]?.GetValue<string>()).OfType<string>().ToList();

    private void Record(ResourceInfo resource, string ns, string type, Stored stored)
    {
        _version++;
        var version = _version.ToString(CultureInfo.InvariantCulture);
        stored.Object["metadata"]!["resourceVersion"] = version;
        var change = new Change(_version, resource, ns, type, (JsonObject)stored.Object.DeepClone());
        _history.AddLast(change);
        while (_history.Count > options.HistoryLimit)
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var watch in _watches.Where(w => w.Selects(resource, ns, change.Object)))
        {
            watch.Changes.Writer.TryWrite(change);
        }
    }

    private static void Default(ResourceInfo resource, JsonObject item)
    {
        switch (resource.Plural)
        {
            case "pods":
                item["status"] ??= new JsonObject { ["phase"] = "Pending" };
                break;
            case "services":
                var spec = item["spec"] as JsonObject ?? [];
                item["spec"] = spec;
                spec["type"] ??= "ClusterIP";
                spec["clusterIP"] ??= $"10.96.{Random.Shared.Next(0, 255)}.{Random.Shared.Next(1, 255)}";
                break;
        }

        item["metadata"]!["generation"] ??= 1;
    }

    private static void KeepServerFields(JsonObject current, JsonObject updated)
    {
        foreach (var field in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace" })
        {
            updated["metadata"]![field] = current["metadata"]![field]?.DeepClone();
        }

        updated["status"] = current["status"]?.DeepClone();
    }

    private static void CheckVersion(ResourceInfo resource, string name, JsonObject metadata, Stored stored)
    {
        if (metadata["resourceVersion"]?.GetValue<string>() is { Length: > 0 } expected
            && expected != stored.Object["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            throw ApiError.Conflict(resource, name, "the object has been modified; please apply your changes to the latest version and try again");
        }
    }

    private static void CheckName(ResourceInfo resource, JsonObject metadata, string name)
    {
        var given = metadata["name"]?.GetValue<string>();
        if (given is null)
        {
            metadata["name"] = name;
        }
        else if (given != name)
        {
            throw ApiError.BadRequest($"the name of the object ({given}) does not match the name on the URL ({name})");
        }
    }

    private static void CheckNamespace(ResourceInfo resource, JsonObject metadata, string ns)
    {
        if (metadata["namespace"]?.GetValue<string>() is { } given && given != ns)
        {
            throw ApiError.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static JsonObject Metadata(JsonObject item)
    {
        if (item["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            item["metadata"] = metadata;
        }

        return metadata;
    }

    private static (long Version, int Offset) ParseContinue(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split(':');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or OverflowException)
        {
            throw ApiError.BadRequest("continue key is not valid: illegal base64 data");
        }
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Stored(JsonObject item)
    {
        public JsonObject Object { get; set; } = item;

        /// <summary>Field manager → the configuration it last applied.</summary>
        public Dictionary<string, JsonObject> Managers { get; } = new(StringComparer.Ordinal);
    }
}
