using Lakehouse.Hub.Authentication.Ldap;

namespace Lakehouse.Ldap.Tests.Authentication;

/// <summary>The second line against LDAP injection: values in filters (RFC 4515) and DNs (RFC 4514).</summary>
public sealed class LdapEscapingTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("*)(uid=*", "\\2a\\29\\28uid=\\2a")]
    [InlineData("a\\b", "a\\5cb")]
    [InlineData("nul\0", "nul\\00")]
    [InlineData("é", "\\c3\\a9")]
    public void Filter_values_escape_the_characters_that_change_a_filter(string value, string escaped) =>
        Assert.Equal(escaped, LdapEscaping.FilterValue(value));

    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("alice,ou=admins", "alice\\,ou\\=admins")]
    [InlineData("#x", "\\#x")]
    [InlineData(" x ", "\\ x\\ ")]
    [InlineData("a+b\"c<d>e;f\\g", "a\\+b\\\"c\\<d\\>e\\;f\\\\g")]
    [InlineData("nul\0", "nul\\00")]
    public void Dn_values_escape_the_characters_that_change_a_dn(string value, string escaped) =>
        Assert.Equal(escaped, LdapEscaping.DnValue(value));
}
