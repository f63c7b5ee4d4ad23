using Lakehouse.Contracts;
using Lakehouse.Kubernetes.Models;
using Lakehouse.RouteController.Kubernetes;
using Lakehouse.RouteController.Routing;

namespace Lakehouse.RouteController.Tests.Kubernetes;

/// <summary>The objects a lab pod gets (the controller around them is tested end to end in Spawner.Tests).</summary>
public sealed class LabObjectsTests
{
    private static Pod PodOf(string user, string label) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new ObjectMeta
        {
            Name = "jupyter-x",
            Uid = "uid-1",
            Labels = new Dictionary<string, string> { ["hub.jupyter.org/username"] = label },
            Annotations = new Dictionary<string, string> { ["hub.jupyter.org/username"] = user },
        },
    };

    [Fact]
    public void Names_are_valid_for_any_user_name_and_the_Spark_UI_can_be_sent_through_the_proxy()
    {
        var objects = new LabObjects(new SparkUiHost("lakehouse.home"), "istio-system/lakehouse-gateway", "route-controller:8000");
        var pod = PodOf("1st.user", "1st-2euser");

        Assert.Equal("1st.user", LabObjects.UserOf(pod));
        Assert.Equal("u-1st-2euser-lab", objects.ServiceFor(pod, "1st.user").Metadata.Name);
        var virtualService = objects.VirtualServiceFor(pod, "1st.user");
        Assert.Equal("lab-vs-1st-2euser", virtualService.Metadata.Name);
        Assert.Equal(["1st-1user.sparkui.lakehouse.home"], virtualService.Spec!.Hosts);
        var destination = virtualService.Spec.Http![0].Route[0].Destination;
        Assert.Equal(("route-controller", 8000), (destination.Host, destination.Port!.Number));
    }

    [Theory]
    [InlineData("data_eng", "data-2eng")]
    [InlineData("a.b-c_d", "a-1b-0c-2d")]
    [InlineData("a-2b", "a-02b")]
    [InlineData("x_______________________________", "x-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2-2")]
    public void The_Spark_UI_host_of_a_name_with_characters_DNS_does_not_allow_is_one_valid_label_that_leads_back_to_the_user(string user, string label)
    {
        var sparkUiHost = new SparkUiHost("lakehouse.home");
        var virtualService = new LabObjects(sparkUiHost, "istio-system/lakehouse-gateway").VirtualServiceFor(PodOf(user, "x"), user);

        var host = Assert.Single(virtualService.Spec!.Hosts);
        Assert.Equal($"{label}.sparkui.lakehouse.home", host);
        Assert.True(Lakehouse.Kubernetes.Naming.DnsLabel.IsValid(label));
        Assert.True(sparkUiHost.TryGetUser(host.ToUpperInvariant(), out var name, out var error));
        Assert.Equal((user, null), (name, error));
    }

    [Theory]
    [InlineData("data_eng.sparkui.lakehouse.home")]
    [InlineData("a.b.sparkui.lakehouse.home")]
    [InlineData("a-9b.sparkui.lakehouse.home")]
    [InlineData("ab-.sparkui.lakehouse.home")]
    public void A_host_that_is_not_an_escaped_label_names_no_user(string host)
    {
        Assert.True(new SparkUiHost("lakehouse.home").TryGetUser(host, out var name, out var error));
        Assert.Null(name);
        Assert.NotNull(error);
    }

    [Fact]
    public void A_pod_whose_label_does_not_match_its_annotation_is_not_a_lab_pod()
    {
        Assert.Null(LabObjects.UserOf(PodOf("alice", "bob")));
        Assert.Null(LabObjects.ParseUpstream("no-port"));
        Assert.Null(LabObjects.ParseUpstream("bad host:80"));
    }
}
