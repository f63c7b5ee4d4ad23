namespace Lakehouse.Contracts;

/// <summary>The body of <c>PUT /api/homes/{name}</c>: whom a new home belongs to.</summary>
public sealed record EnsureHomeRequest(int Uid, int Gid);
