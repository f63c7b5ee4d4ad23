namespace Lakehouse.Hosting;

/// <summary>
/// The AppHost's command line: <c>[publish --output-path DIR]</c>, then configuration switches
/// such as <c>--Parameters:domain=lakehouse.home</c>.
/// </summary>
public sealed record DistributedApplicationArguments(
    DistributedApplicationOperation Operation,
    string? OutputPath,
    string[] HostArgs,
    string? AppHostDirectory)
{
    public static DistributedApplicationArguments Parse(string[] args, string? appHostDirectory = null)
    {
        var operation = DistributedApplicationOperation.Run;
        string? outputPath = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "publish" when i == 0:
                    operation = DistributedApplicationOperation.Publish;
                    break;
                case "--output-path" or "-o" when i + 1 < args.Length:
                    outputPath = args[++i];
                    break;
                case var arg when arg.StartsWith("--output-path=", StringComparison.Ordinal):
                    outputPath = arg["--output-path=".Length..];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (operation == DistributedApplicationOperation.Publish && string.IsNullOrWhiteSpace(outputPath))
        {
            throw new ArgumentException("publish needs --output-path DIR.");
        }

        return new(operation, outputPath, rest.ToArray(), appHostDirectory);
    }
}
