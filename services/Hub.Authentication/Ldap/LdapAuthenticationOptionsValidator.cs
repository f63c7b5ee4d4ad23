using Microsoft.Extensions.Options;

namespace Lakehouse.Hub.Authentication.Ldap;

/// <summary>Refuses a configuration that cannot work or would be unsafe, at start rather than at the first login.</summary>
internal sealed class LdapAuthenticationOptionsValidator : IValidateOptions<LdapAuthenticationOptions>
{
    private const string Section = LdapAuthenticationOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, LdapAuthenticationOptions options)
    {
        var errors = new List<string>();
        if (!LdapServer.TryParse(options.ServerUri, out _))
        {
            errors.Add($"{Section}:ServerUri (or ConnectionStrings:ldap) must be an ldap:// or ldaps:// URI with a host; it is '{options.ServerUri}'.");
        }
        else if (options.UseStartTls && options.ServerUri!.StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Section}:UseStartTls and an ldaps:// URI exclude each other: ldaps is TLS from the start.");
        }

        if (string.IsNullOrWhiteSpace(options.EffectiveUserSearchBase))
        {
            errors.Add($"{Section}:UserSearchBase (or BaseDn) is required: users are searched there by LookupDn, by the user directory, and for name collisions.");
        }

        if (!options.UserSearchFilter.Contains("{username}", StringComparison.Ordinal))
        {
            errors.Add($"{Section}:UserSearchFilter must contain {{username}}.");
        }

        // A DN with an empty password is an unauthenticated bind: the search would run anonymously without saying so.
        if (!string.IsNullOrEmpty(options.SearchBindDn) && string.IsNullOrEmpty(options.SearchBindPassword))
        {
            errors.Add($"{Section}:SearchBindPassword is required when SearchBindDn is set.");
        }

        if (!options.LookupDn && (options.EffectiveBindDnTemplate is not { } template || !template.Contains("{username}", StringComparison.Ordinal)))
        {
            errors.Add($"{Section}:BindDnTemplate (or BaseDn) must give a DN with {{username}}, e.g. uid={{username}},ou=people,dc=example,dc=org; or turn LookupDn on.");
        }

        if (!string.IsNullOrEmpty(options.TlsCaCertificateFile))
        {
            if (!File.Exists(options.TlsCaCertificateFile))
            {
                errors.Add($"{Section}:TlsCaCertificateFile '{options.TlsCaCertificateFile}' does not exist.");
            }

            // A CA file that is never used would let an operator believe the connection is protected.
            if (!options.UseStartTls && !(options.ServerUri?.StartsWith("ldaps:", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                errors.Add($"{Section}:TlsCaCertificateFile is set but the connection is not encrypted: use an ldaps:// URI or UseStartTls.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.EffectiveGroupSearchBase))
        {
            errors.Add($"{Section}:GroupSearchBase (or BaseDn) is required: groups give the user's gids.");
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.OperationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:ConnectTimeout and OperationTimeout must be positive.");
        }

        if (options.MinimumId < 0)
        {
            errors.Add($"{Section}:MinimumId must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
