using Lakehouse.Publishing.Tests.Support;

namespace Lakehouse.Publishing.Tests.Functional;

/// <summary>The validation tool itself: it must reject what Kubernetes would, or the schema tests prove nothing.</summary>
public sealed class KubernetesValidatorTests(KubernetesValidator validator) : IDisposable
{
    private readonly TempDirectory _directory = new("validate");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Accepts_core_and_Istio_objects_across_multi_document_files()
    {
        await WriteAsync("app/objects.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: hub-service
            spec:
              ports:
                - port: 8080
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: hub
            spec:
              hosts:
                - hub-service
            """);
        await WriteAsync("kustomization.yaml", "resources:\n  - app/objects.yaml\n");

        var result = await validator.ValidateAsync(_directory.Path, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("2 files, 2 objects, 0 errors", result.StandardOutput);
    }

    [Fact]
    public async Task Rejects_schema_violations_unknown_kinds_and_missing_kustomization_files()
    {
        await WriteAsync("app/objects.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: hub-service
            spec:
              ports:
                - port: "not-a-number"
            ---
            apiVersion: v1
            kind: Gadget
            metadata:
              name: x
            """);
        await WriteAsync("kustomization.yaml", "resources:\n  - app/objects.yaml\n  - app/missing.yaml\n");

        var result = await validator.ValidateAsync(_directory.Path, TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/spec/ports/0/port", result.StandardError);
        Assert.Contains("unknown kind v1/Gadget", result.StandardError);
        Assert.Contains("'app/missing.yaml' does not exist", result.StandardError);
        Assert.Contains("3 errors", result.StandardOutput);
    }

    [Fact]
    public async Task Rejects_Istio_and_NetworkPolicy_objects_that_break_their_schemas()
    {
        await WriteAsync("cluster/gateway.yaml", """
            apiVersion: networking.istio.io/v1
            kind: Gateway
            metadata:
              name: lakehouse-gateway
            spec:
              selector:
                istio: ingressgateway
              servers:
                - port:
                    number: "https"
                    name: https
                    protocol: HTTPS
                  hosts:
                    - "*.lakehouse.test"
            """);
        await WriteAsync("cluster/policy.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: lab-servers
            spec:
              podSelector: {}
              ingress:
                - ports:
                    - port: 8888
                      protocol: HTTP
            """);

        var result = await validator.ValidateAsync(_directory.Path, TestContext.Current.CancellationToken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gateway.yaml (networking.istio.io/v1/Gateway): /spec/servers/0/port/number", result.StandardError);
        Assert.Contains("policy.yaml (networking.k8s.io/v1/NetworkPolicy): /spec/ingress/0/ports/0/protocol", result.StandardError);
        Assert.Contains("2 errors", result.StandardOutput);
    }

    private Task WriteAsync(string relativePath, string content)
    {
        var path = Path.Combine(_directory.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
    }
}
