using Lakehouse.Contracts;
using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Security;

/// <summary>A typo in a role must stop the hub at start, not silently grant nothing (or too much).</summary>
internal sealed class AuthorizationOptionsValidator : IValidateOptions<AuthorizationOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthorizationOptions options)
    {
        var failures = new List<string>();
        foreach (var (role, definition) in options.Roles)
        {
            var builtIn = HubRoles.BuiltIn.ContainsKey(role);
            if (builtIn && definition.Scopes.Count > 0)
            {
                failures.Add($"Authorization:Roles:{role}: the scopes of the built-in role '{role}' are fixed; define a new role instead.");
            }

            if (!builtIn && definition.Scopes.Count == 0)
            {
                failures.Add($"Authorization:Roles:{role}: a custom role needs Scopes.");
            }

            if (role == HubRoles.Token && (definition.Users.Count > 0 || definition.Groups.Count > 0))
            {
                failures.Add("Authorization:Roles:token is for tokens only; it cannot be given to users or groups.");
            }

            foreach (var scope in definition.Scopes)
            {
                if (!ScopeGrant.TryParse(scope, out _, out var error))
                {
                    failures.Add($"Authorization:Roles:{role}: {error}");
                }
            }

            foreach (var user in definition.Users)
            {
                if (!UserName.TryNormalize(user, out _, out var error))
                {
                    failures.Add($"Authorization:Roles:{role}:Users: {error}");
                }
            }

            foreach (var group in definition.Groups)
            {
                if (!UserName.IsValidGroupName(group, out var error))
                {
                    failures.Add($"Authorization:Roles:{role}:Groups: {error}");
                }
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
