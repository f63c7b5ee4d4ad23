namespace Lakehouse.Contracts;

/// <summary>The body of <c>PUT /api/homes/{name}/quota</c>.</summary>
public sealed record SetQuotaRequest(long QuotaBytes);
