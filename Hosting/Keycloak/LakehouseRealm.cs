using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lakehouse.Hosting.Keycloak;

/// <summary>
/// The realm <c>lakehouse</c> that Keycloak imports at its first start: the hub's confidential client
/// <c>jupyterhub</c> (authorization code with PKCE S256 required), users federated from the platform's OpenLDAP
/// (read only) with their uidNumber and gidNumber, their <c>ou=groups</c> posixGroups as Keycloak groups, and a
/// <c>groups</c>, <c>uidNumber</c> and <c>gidNumber</c> claim in the ID token; brute-force detection on.
/// Secrets and addresses are Keycloak placeholders (<c>${VARIABLE}</c>) resolved from its environment at import, so the
/// file itself holds none and can be a ConfigMap.
/// </summary>
public static class LakehouseRealm
{
    public const string RealmName = "lakehouse";
    public const string ClientId = "jupyterhub";

    /// <summary>The hub's public URL, e.g. <c>https://jupyterhub.lakehouse.home</c>: redirect and logout URIs hang off it.</summary>
    public const string HubUrlVariable = "LAKEHOUSE_HUB_URL";
    public const string ClientSecretVariable = "LAKEHOUSE_OIDC_CLIENT_SECRET";
    public const string LdapUrlVariable = "LAKEHOUSE_LDAP_URL";
    public const string LdapBindPasswordVariable = "LAKEHOUSE_LDAP_BIND_PASSWORD";

    /// <param name="baseDn">The directory's suffix.</param>
    /// <param name="bindDn">Who Keycloak binds as to read people and groups.</param>
    /// <param name="usersDn">Where people are; <c>ou=people,{base}</c> when not given.</param>
    /// <param name="groupsDn">Where posixGroups are; <c>ou=groups,{base}</c> when not given.</param>
    public static string Create(string baseDn, string bindDn, string? usersDn = null, string? groupsDn = null)
    {
        var realm = new JsonObject
        {
            ["realm"] = RealmName,
            ["enabled"] = true,
            ["sslRequired"] = "external",
            ["registrationAllowed"] = false,
            ["resetPasswordAllowed"] = false,
            // As the original lakehouse: 30 failures, then waits that grow up to 15 minutes, never a permanent lockout.
            ["bruteForceProtected"] = true,
            ["permanentLockout"] = false,
            ["failureFactor"] = 30,
            ["waitIncrementSeconds"] = 60,
            ["maxFailureWaitSeconds"] = 900,
            ["minimumQuickLoginWaitSeconds"] = 60,
            ["quickLoginCheckMilliSeconds"] = 1000,
            ["maxDeltaTimeSeconds"] = 43200,
            ["clients"] = new JsonArray(HubClient()),
            ["components"] = new JsonObject
            {
                ["org.keycloak.storage.UserStorageProvider"] = new JsonArray(LdapFederation(baseDn, bindDn, usersDn ?? $"ou=people,{baseDn}", groupsDn ?? $"ou=groups,{baseDn}")),
            },
        };
        return realm.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonObject HubClient() => new()
    {
        ["clientId"] = ClientId,
        ["name"] = "Lakehouse hub",
        ["enabled"] = true,
        ["protocol"] = "openid-connect",
        ["publicClient"] = false,
        ["clientAuthenticatorType"] = "client-secret",
        ["secret"] = Placeholder(ClientSecretVariable),
        ["standardFlowEnabled"] = true,
        ["implicitFlowEnabled"] = false,
        ["directAccessGrantsEnabled"] = false,
        ["serviceAccountsEnabled"] = false,
        ["frontchannelLogout"] = false,
        ["redirectUris"] = new JsonArray($"{Placeholder(HubUrlVariable)}/hub/oauth_callback"),
        ["webOrigins"] = new JsonArray(Placeholder(HubUrlVariable)),
        ["attributes"] = new JsonObject
        {
            ["pkce.code.challenge.method"] = "S256",
            ["post.logout.redirect.uris"] = $"{Placeholder(HubUrlVariable)}/hub/login",
        },
        ["defaultClientScopes"] = new JsonArray("basic", "profile", "email", "roles", "web-origins", "acr"),
        ["protocolMappers"] = new JsonArray(
            new JsonObject
            {
                ["name"] = "groups",
                ["protocol"] = "openid-connect",
                ["protocolMapper"] = "oidc-group-membership-mapper",
                ["consentRequired"] = false,
                ["config"] = new JsonObject
                {
                    ["claim.name"] = "groups",
                    ["full.path"] = "false",
                    ["id.token.claim"] = "true",
                    ["access.token.claim"] = "true",
                    ["userinfo.token.claim"] = "true",
                },
            },
            AttributeClaim("uidNumber"),
            AttributeClaim("gidNumber")),
    };

    private static JsonObject AttributeClaim(string attribute) => new()
    {
        ["name"] = attribute,
        ["protocol"] = "openid-connect",
        ["protocolMapper"] = "oidc-usermodel-attribute-mapper",
        ["consentRequired"] = false,
        ["config"] = new JsonObject
        {
            ["user.attribute"] = attribute,
            ["claim.name"] = attribute,
            ["jsonType.label"] = "int",
            ["multivalued"] = "false",
            ["id.token.claim"] = "true",
            ["access.token.claim"] = "false",
            ["userinfo.token.claim"] = "true",
        },
    };

    private static JsonObject LdapFederation(string baseDn, string bindDn, string usersDn, string groupsDn) => new()
    {
        ["name"] = "openldap",
        ["providerId"] = "ldap",
        ["subComponents"] = new JsonObject
        {
            ["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"] = new JsonArray(
                AttributeMapper("username", "uid", "username"),
                AttributeMapper("email", "mail", "email"),
                AttributeMapper("full name", "cn", "firstName"),
                AttributeMapper("uidNumber", "uidNumber", "uidNumber"),
                AttributeMapper("gidNumber", "gidNumber", "gidNumber"),
                new JsonObject
                {
                    ["name"] = "groups",
                    ["providerId"] = "group-ldap-mapper",
                    ["subComponents"] = new JsonObject(),
                    ["config"] = Config(new()
                    {
                        ["groups.dn"] = groupsDn,
                        ["group.name.ldap.attribute"] = "cn",
                        ["group.object.classes"] = "posixGroup",
                        ["preserve.group.inheritance"] = "false",
                        ["ignore.missing.groups"] = "false",
                        // posixGroup lists members by uid (memberUid), not by DN.
                        ["membership.ldap.attribute"] = "memberUid",
                        ["membership.attribute.type"] = "UID",
                        ["membership.user.ldap.attribute"] = "uid",
                        ["mode"] = "READ_ONLY",
                        ["user.roles.retrieve.strategy"] = "LOAD_GROUPS_BY_MEMBER_ATTRIBUTE",
                        ["drop.non.existing.groups.during.sync"] = "false",
                        ["groups.path"] = "/",
                    }),
                }),
        },
        ["config"] = Config(new()
        {
            ["enabled"] = "true",
            ["priority"] = "0",
            ["vendor"] = "other",
            ["connectionUrl"] = Placeholder(LdapUrlVariable),
            ["authType"] = "simple",
            ["bindDn"] = bindDn,
            ["bindCredential"] = Placeholder(LdapBindPasswordVariable),
            ["usersDn"] = usersDn,
            ["searchScope"] = "1",
            ["usernameLDAPAttribute"] = "uid",
            ["rdnLDAPAttribute"] = "uid",
            ["uuidLDAPAttribute"] = "entryUUID",
            ["userObjectClasses"] = "inetOrgPerson, posixAccount",
            ["editMode"] = "READ_ONLY",
            ["importEnabled"] = "true",
            ["syncRegistrations"] = "false",
            ["trustEmail"] = "false",
            ["pagination"] = "false",
            ["connectionPooling"] = "true",
            ["cachePolicy"] = "DEFAULT",
            ["fullSyncPeriod"] = "-1",
            ["changedSyncPeriod"] = "-1",
            ["batchSizeForSync"] = "1000",
        }),
    };

    private static JsonObject AttributeMapper(string name, string ldapAttribute, string userAttribute) => new()
    {
        ["name"] = name,
        ["providerId"] = "user-attribute-ldap-mapper",
        ["subComponents"] = new JsonObject(),
        ["config"] = Config(new()
        {
            ["ldap.attribute"] = ldapAttribute,
            ["user.model.attribute"] = userAttribute,
            ["read.only"] = "true",
            ["always.read.value.from.ldap"] = "true",
            ["is.mandatory.in.ldap"] = userAttribute == "username" ? "true" : "false",
        }),
    };

    /// <summary>Component configuration: every value is a list of strings in Keycloak's representation.</summary>
    private static JsonObject Config(Dictionary<string, string> values)
    {
        var config = new JsonObject();
        foreach (var (key, value) in values)
        {
            config[key] = new JsonArray(value);
        }

        return config;
    }

    private static string Placeholder(string variable) => "${" + variable + "}";
}
