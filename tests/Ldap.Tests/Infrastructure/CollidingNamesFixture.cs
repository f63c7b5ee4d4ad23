namespace Lakehouse.Ldap.Tests.Infrastructure;

/// <summary>
/// The platform's slapd with two more people whose names differ only in case: <c>uid=carol</c> (uid 10010) and an
/// entry <c>cn=Carol Upper</c> whose uid is <c>Carol</c> (uid 10011), each with a password of its own. The directory
/// itself sees one name (uid matches ignoring case), so both RDNs cannot be uid.
/// </summary>
public sealed class CollidingNamesFixture : OpenLdapFixture
{
    public string LowerPassword { get; } = "lower-" + Guid.NewGuid().ToString("N");

    public string UpperPassword { get; } = "upper-" + Guid.NewGuid().ToString("N");

    protected override async Task SeedAsync()
    {
        var people = Resource.PeopleDn;
        var ldif = $"""
            dn: uid=carol,{people}
            objectClass: inetOrgPerson
            objectClass: posixAccount
            uid: carol
            cn: Carol Lower
            sn: Lower
            uidNumber: 10010
            gidNumber: 10010
            homeDirectory: /home/carol
            userPassword: {LowerPassword}

            dn: cn=Carol Upper,{people}
            objectClass: inetOrgPerson
            objectClass: posixAccount
            uid: Carol
            cn: Carol Upper
            sn: Upper
            uidNumber: 10011
            gidNumber: 10011
            homeDirectory: /home/Carol
            userPassword: {UpperPassword}

            """;
        var added = await LdapUtils.AddAsync(ServerUri, Resource.RootDn, AdminPassword, ldif, TestContext.Current.CancellationToken);
        Assert.True(added.ExitCode == 0, $"ldapadd failed: {added.Error}");
    }
}
