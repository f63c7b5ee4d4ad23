using System.Globalization;

namespace Lakehouse.Hosting.OpenLdap;

/// <summary>The first content of a new directory: the suffix, <c>ou=people</c>, <c>ou=groups</c> and the demo data.</summary>
internal static class DirectorySeedLdif
{
    public static string Create(string baseDn, string demoPassword)
    {
        var peopleDn = $"ou=people,{baseDn}";
        var groupsDn = $"ou=groups,{baseDn}";
        var topDc = baseDn.Split(',')[0]["dc=".Length..];

        var ldif = new LdifBuilder()
            .Entry(baseDn)
            .Attribute("objectClass", "dcObject")
            .Attribute("objectClass", "organization")
            .Attribute("dc", topDc)
            .Attribute("o", topDc)
            .Entry(peopleDn)
            .Attribute("objectClass", "organizationalUnit")
            .Attribute("ou", "people")
            .Entry(groupsDn)
            .Attribute("objectClass", "organizationalUnit")
            .Attribute("ou", "groups");

        foreach (var user in OpenLdapDemoData.Users)
        {
            var id = user.Uid.ToString(CultureInfo.InvariantCulture);
            var lastName = user.FullName.Split(' ')[^1];
            ldif.Entry($"uid={user.Name},{peopleDn}")
                .Attributes("objectClass", "inetOrgPerson", "posixAccount", "shadowAccount")
                .Attribute("uid", user.Name)
                .Attribute("cn", user.FullName)
                .Attribute("sn", lastName)
                .Attribute("uidNumber", id)
                .Attribute("gidNumber", id)
                .Attribute("homeDirectory", $"/home/{user.Name}")
                .Attribute("loginShell", "/bin/bash")
                // Each user gets a salt of their own, so equal passwords do not show as equal hashes.
                .Attribute("userPassword", SshaPassword.Hash(demoPassword));

            ldif.Entry($"cn={user.Name},{groupsDn}")
                .Attribute("objectClass", "posixGroup")
                .Attribute("cn", user.Name)
                .Attribute("gidNumber", id)
                .Attribute("memberUid", user.Name);
        }

        foreach (var group in OpenLdapDemoData.SharedGroups)
        {
            ldif.Entry($"cn={group.Name},{groupsDn}")
                .Attribute("objectClass", "posixGroup")
                .Attribute("cn", group.Name)
                .Attribute("gidNumber", group.Gid.ToString(CultureInfo.InvariantCulture))
                .Attributes("memberUid", OpenLdapDemoData.Users.Where(u => u.Groups.Contains(group.Name)).Select(u => u.Name));
        }

        return ldif.ToString();
    }
}
