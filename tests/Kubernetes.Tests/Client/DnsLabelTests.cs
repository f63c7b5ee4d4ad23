using Lakehouse.Kubernetes.Naming;

namespace Lakehouse.Kubernetes.Tests.Client;

public sealed class DnsLabelTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("a-b", "a-2db")]
    [InlineData("a.b", "a-2eb")]
    [InlineData("a_b", "a-5fb")]
    [InlineData("a-2db", "a-2d2db")]
    public void Escaping_keeps_letters_and_digits_and_hex_escapes_the_rest(string name, string expected)
    {
        Assert.Equal(expected, DnsLabel.Escape(name));
        Assert.True(DnsLabel.IsValid(DnsLabel.Escape(name)));
    }

    [Fact]
    public void Different_names_never_escape_to_the_same_label()
    {
        string[] names = ["a-b", "a.b", "a_b", "a-2db", "a2db", "ab", "a--b", "a-_b"];

        Assert.Equal(names.Length, names.Select(DnsLabel.Escape).Distinct().Count());
    }

    [Fact]
    public void A_name_too_long_for_a_label_is_cut_and_hashed()
    {
        var name = "jupyter-" + DnsLabel.Escape("a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_");

        var fitted = DnsLabel.Fit(name);

        Assert.True(DnsLabel.IsValid(fitted), fitted);
        Assert.NotEqual(fitted, DnsLabel.Fit(name.Replace("-5f", "-2e", StringComparison.Ordinal)));
    }
}
