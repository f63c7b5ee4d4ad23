namespace Lakehouse.ServiceDefaults.Security;

/// <summary>A service allowed to call this one: the role it gets and the token it must present (unset: nobody).</summary>
public readonly record struct ServiceCaller(string Role, string? Token);
