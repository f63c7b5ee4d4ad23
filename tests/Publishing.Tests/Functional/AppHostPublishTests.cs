using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lakehouse.Publishing.Tests.Support;

namespace Lakehouse.Publishing.Tests.Functional;

/// <summary>The real AppHost binary, run out of process as <c>dotnet Lakehouse.AppHost.dll publish --output-path DIR</c>.</summary>
public sealed class AppHostPublishTests(KubernetesValidator validator) : IDisposable
{
    private const string RegenerateCommand = "dotnet run --project AppHost -- publish --output-path .";

    private readonly TempDirectory _output = new("apphost-out");
    private readonly TempDirectory _state = new("apphost-state");

    public void Dispose()
    {
        _output.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task The_committed_aspire_manifest_is_what_publish_writes()
    {
        var result = await PublishAsync(_output.Path);
        Assert.True(result.ExitCode == 0, result.ToString());

        // Publish writes project paths and executable working directories relative to the output folder. The
        // committed manifest was published at the repository root, so rebasing the fresh manifest's paths from the
        // temporary folder onto the root must give the committed file byte for byte.
        var published = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_output.Path, "aspire-manifest.json"), TestContext.Current.CancellationToken))!;
        foreach (var (_, resource) in published["resources"]!.AsObject())
        {
            foreach (var field in new[] { "path", "workingDirectory" })
            {
                if (resource![field] is JsonValue value && value.GetValue<string>() is var relative && !Path.IsPathRooted(relative))
                {
                    var absolute = Path.GetFullPath(Path.Combine(_output.Path, relative));
                    resource[field] = Path.GetRelativePath(RepositoryRoot.Path, absolute).Replace('\\', '/');
                }
            }
        }

        var expected = published.ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            NewLine = "\n",
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }) + "\n";
        var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "aspire-manifest.json"), TestContext.Current.CancellationToken);
        Assert.True(
            expected == committed,
            $"aspire-manifest.json is stale: it differs from what the AppHost publishes. Regenerate it at the repository root with\n  {RegenerateCommand}\n"
            + $"and commit it. First difference: {FirstDifference(committed, expected)}");
    }

    [Fact]
    public async Task Every_published_Kubernetes_object_validates_against_the_Kubernetes_schemas()
    {
        var result = await PublishAsync(_output.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        var kubernetes = Path.Combine(_output.Path, "kubernetes");

        var validation = await validator.ValidateAsync(kubernetes, TestContext.Current.CancellationToken);

        Assert.True(validation.ExitCode == 0, validation.ToString());
        Assert.Contains(" 0 errors", validation.StandardOutput);
        Assert.True(File.Exists(Path.Combine(kubernetes, "kustomization.yaml")));
        foreach (var file in Directory.EnumerateFiles(kubernetes, "*.yaml", SearchOption.AllDirectories))
        {
            var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
            Assert.DoesNotContain(_output.Path, text);
            Assert.DoesNotContain(_state.Path, text);
            Assert.DoesNotContain(RepositoryRoot.Path, text);
        }
    }

    [Fact]
    public async Task Keycloak_is_a_stateful_set_that_imports_the_lakehouse_realm_and_the_hub_logs_in_through_it()
    {
        var result = await PublishAsync(_output.Path);
        Assert.True(result.ExitCode == 0, result.ToString());
        var folder = Path.Combine(_output.Path, "kubernetes", "keycloak");
        string Read(string file) => File.ReadAllText(Path.Combine(folder, file));

        var statefulSet = Yaml.Parse(Read("statefulset.yaml"));
        var container = statefulSet["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.StartsWith("quay.io/keycloak/keycloak:", container["image"]!.GetValue<string>());
        Assert.Equal(["start", "--import-realm"], container["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        var import = container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == "/opt/keycloak/data/import/lakehouse-realm.json")!;
        var volume = statefulSet["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == import["name"]!.GetValue<string>())!;
        Assert.Equal("keycloak-files", volume["configMap"]!["name"]!.GetValue<string>());

        var files = Yaml.Parse(Read("files.yaml"));
        Assert.Equal("keycloak-files", files["metadata"]!["name"]!.GetValue<string>());
        var realm = JsonNode.Parse(files["data"]!["lakehouse-realm.json"]!.GetValue<string>())!;
        Assert.Equal("lakehouse", realm["realm"]!.GetValue<string>());
        Assert.True(realm["enabled"]!.GetValue<bool>());
        Assert.True(realm["bruteForceProtected"]!.GetValue<bool>());

        var client = realm["clients"]!.AsArray().Single(c => c!["clientId"]!.GetValue<string>() == "jupyterhub")!;
        Assert.False(client["publicClient"]!.GetValue<bool>());
        Assert.True(client["standardFlowEnabled"]!.GetValue<bool>());
        Assert.Equal("S256", client["attributes"]!["pkce.code.challenge.method"]!.GetValue<string>());
        Assert.Equal("${LAKEHOUSE_OIDC_CLIENT_SECRET}", client["secret"]!.GetValue<string>());
        Assert.Equal(["${LAKEHOUSE_HUB_URL}/hub/oauth_callback"], client["redirectUris"]!.AsArray().Select(u => u!.GetValue<string>()));
        var groupsClaim = client["protocolMappers"]!.AsArray().Single(m => m!["protocolMapper"]!.GetValue<string>() == "oidc-group-membership-mapper")!;
        Assert.Equal("groups", groupsClaim["config"]!["claim.name"]!.GetValue<string>());
        Assert.Equal("true", groupsClaim["config"]!["id.token.claim"]!.GetValue<string>());

        var ldap = realm["components"]!["org.keycloak.storage.UserStorageProvider"]!.AsArray().Single()!;
        Assert.Equal("ldap", ldap["providerId"]!.GetValue<string>());
        string Config(JsonNode component, string key) => Assert.Single(component["config"]![key]!.AsArray())!.GetValue<string>();
        Assert.Equal("ou=people,dc=lakehouse,dc=home", Config(ldap, "usersDn"));
        Assert.Equal("${LAKEHOUSE_LDAP_URL}", Config(ldap, "connectionUrl"));
        Assert.Equal("${LAKEHOUSE_LDAP_BIND_PASSWORD}", Config(ldap, "bindCredential"));
        Assert.Equal("READ_ONLY", Config(ldap, "editMode"));
        var mappers = ldap["subComponents"]!["org.keycloak.storage.ldap.mappers.LDAPStorageMapper"]!.AsArray();
        var groupMapper = mappers.Single(m => m!["providerId"]!.GetValue<string>() == "group-ldap-mapper")!;
        Assert.Equal("ou=groups,dc=lakehouse,dc=home", Config(groupMapper, "groups.dn"));
        Assert.Equal("memberUid", Config(groupMapper, "membership.ldap.attribute"));
        Assert.Equal("UID", Config(groupMapper, "membership.attribute.type"));
        Assert.Contains(mappers, m => m!["providerId"]!.GetValue<string>() == "user-attribute-ldap-mapper" && Config(m, "ldap.attribute") == "uidNumber");
        // Keycloak's component config is a map of string lists: anything else fails the import.
        foreach (var component in mappers.Append(ldap))
        {
            Assert.All(component!["config"]!.AsObject(), entry => Assert.All(entry.Value!.AsArray(), v => v!.GetValue<string>()));
        }

        // Every placeholder is set in Keycloak's environment; the secret ones only in its Secret.
        var config = Yaml.Parse(Read("config.yaml"))["data"]!.AsObject();
        var secrets = Yaml.Parse(Read("secrets.yaml"))["stringData"]!.AsObject();
        foreach (System.Text.RegularExpressions.Match placeholder in System.Text.RegularExpressions.Regex.Matches(realm.ToJsonString(), @"\$\{([A-Z_]+)\}"))
        {
            Assert.True(config.ContainsKey(placeholder.Groups[1].Value) || secrets.ContainsKey(placeholder.Groups[1].Value), placeholder.Value);
        }

        Assert.True(secrets.ContainsKey("LAKEHOUSE_OIDC_CLIENT_SECRET") && secrets.ContainsKey("LAKEHOUSE_LDAP_BIND_PASSWORD"));

        var hub = Yaml.Parse(File.ReadAllText(Path.Combine(_output.Path, "kubernetes", "hub", "config.yaml")))["data"]!;
        var hubSecrets = Yaml.Parse(File.ReadAllText(Path.Combine(_output.Path, "kubernetes", "hub", "secrets.yaml")))["stringData"]!;
        Assert.Equal("oidc", hub["Authentication__Provider"]!.GetValue<string>());
        Assert.EndsWith("/realms/lakehouse", hub["Authentication__Oidc__Authority"]!.GetValue<string>());
        Assert.Equal("http://keycloak-service:8080/realms/lakehouse", hub["Authentication__Oidc__MetadataAddress"]!.GetValue<string>());
        Assert.Equal("jupyterhub", hub["Authentication__Oidc__ClientId"]!.GetValue<string>());
        Assert.Equal(secrets["LAKEHOUSE_OIDC_CLIENT_SECRET"]!.GetValue<string>(), hubSecrets["Authentication__Oidc__ClientSecret"]!.GetValue<string>());
        Assert.True(hubSecrets["Authentication__Oidc__AuthStateKey"]!.GetValue<string>().Length >= 32);
    }

    [Fact]
    public async Task A_failure_is_one_error_line_and_a_non_zero_exit_code()
    {
        var file = Path.Combine(_output.Path, "not-a-folder");
        await File.WriteAllTextAsync(file, "", TestContext.Current.CancellationToken);

        var result = await PublishAsync(file);

        Assert.NotEqual(0, result.ExitCode);
        var errorLines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(errorLines is [var line] && line.StartsWith("error: publish failed: ", StringComparison.Ordinal) && line.Contains("is a file"), result.ToString());
    }

    [Fact]
    public async Task Publish_without_an_output_path_is_refused()
    {
        var result = await ProcessRunner.RunAsync(
            ProcessRunner.DotnetHost, [new Projects.AppHost().TargetPath, "publish"], _output.Path, StateEnvironment(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--output-path", result.StandardError);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_output.Path));
    }

    private Task<ProcessResult> PublishAsync(string outputPath) =>
        ProcessRunner.RunAsync(
            ProcessRunner.DotnetHost,
            [new Projects.AppHost().TargetPath, "publish", "--output-path", outputPath],
            RepositoryRoot.Path,
            StateEnvironment(),
            cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Generated parameter values go to a temporary state folder, never the developer's.</summary>
    private Dictionary<string, string> StateEnvironment() => new() { ["LAKEHOUSE_STATE_DIR"] = _state.Path };

    private static string FirstDifference(string committed, string published)
    {
        var committedLines = committed.Split('\n');
        var publishedLines = published.Split('\n');
        for (var i = 0; i < Math.Max(committedLines.Length, publishedLines.Length); i++)
        {
            var left = i < committedLines.Length ? committedLines[i] : "<end of file>";
            var right = i < publishedLines.Length ? publishedLines[i] : "<end of file>";
            if (left != right)
            {
                return $"line {i + 1}: committed '{left.Trim()}', published '{right.Trim()}'";
            }
        }

        return "none";
    }
}
