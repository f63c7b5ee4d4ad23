namespace Lakehouse.LogShipper.Tail;

/// <summary><c>tail [--user NAME | --service NAME | --key PATTERN] [--json] [--count N] [--exchange NAME]</c>.</summary>
public sealed record TailArguments(string BindingKey, bool Json, int? Count, string? Exchange)
{
    public const string Usage = "usage: tail [--user NAME | --service NAME | --key PATTERN] [--json] [--count N] [--exchange NAME]";

    public static TailArguments Parse(IReadOnlyList<string> args)
    {
        string? key = null;
        string? exchange = null;
        var json = false;
        int? count = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--user":
                    key = SetOnce(key, "server." + Name(Value(args, ref i)));
                    break;
                case "--service":
                    key = SetOnce(key, "service." + Name(Value(args, ref i)));
                    break;
                case "--key":
                    key = SetOnce(key, Value(args, ref i));
                    break;
                case "--exchange":
                    exchange = Value(args, ref i);
                    break;
                case "--json":
                    json = true;
                    break;
                case "--count":
                    count = int.TryParse(Value(args, ref i), out var n) && n > 0 ? n : throw new ArgumentException("--count needs a positive number.");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new TailArguments(key ?? "#", json, count, exchange);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal) ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    /// <summary>A user or service name becomes one routing-key word, with '.' as '_' as the shipper writes it.</summary>
    private static string Name(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? value.Replace('.', '_')
            : throw new ArgumentException($"'{value}' is not a user or service name.");

    private static string SetOnce(string? current, string value) =>
        current is null ? value : throw new ArgumentException("Give only one of --user, --service, --key.");
}
