using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>
/// A string built from literals and values: resolved to text in run mode and written as an expression
/// (for example <c>amqp://{rabbitmq.bindings.tcp.host}:{rabbitmq.bindings.tcp.port}</c>) in the manifest.
/// </summary>
public sealed class ReferenceExpression : IManifestExpressionProvider, IValueProvider
{
    private ReferenceExpression(string format, IReadOnlyList<object> valueProviders)
    {
        Format = format;
        ValueProviders = valueProviders;
    }

    /// <summary>A composite format string whose holes <c>{0}</c>, <c>{1}</c> … are the value providers.</summary>
    public string Format { get; }

    /// <summary>Each is both an <see cref="IValueProvider"/> and an <see cref="IManifestExpressionProvider"/>.</summary>
    public IReadOnlyList<object> ValueProviders { get; }

    public string ValueExpression =>
        string.Format(CultureInfo.InvariantCulture, Format,
            ValueProviders.Select(p => (object)((IManifestExpressionProvider)p).ValueExpression).ToArray());

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var values = new object?[ValueProviders.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = await ((IValueProvider)ValueProviders[i]).GetValueAsync(cancellationToken);
        }

        return string.Format(CultureInfo.InvariantCulture, Format, values);
    }

    public static ReferenceExpression Create(in ExpressionInterpolatedStringHandler handler) => handler.Build();

    public override string ToString() => ValueExpression;

    [InterpolatedStringHandler]
    public ref struct ExpressionInterpolatedStringHandler
    {
        private readonly StringBuilder _format;
        private readonly List<object> _providers;

        public ExpressionInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _format = new StringBuilder(literalLength + formattedCount * 4);
            _providers = new List<object>(formattedCount);
        }

        public readonly void AppendLiteral(string value) =>
            _format.Append(value.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));

        public readonly void AppendFormatted(string? value) => AppendLiteral(value ?? string.Empty);

        public readonly void AppendFormatted<T>(T value)
        {
            switch (value)
            {
                case null:
                    break;
                case IValueProvider and IManifestExpressionProvider:
                    _format.Append(CultureInfo.InvariantCulture, $"{{{_providers.Count}}}");
                    _providers.Add(value);
                    break;
                case IResourceBuilder<IResource> { Resource: IValueProvider and IManifestExpressionProvider resource }:
                    AppendFormatted(resource);
                    break;
                default:
                    AppendLiteral(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                    break;
            }
        }

        internal readonly ReferenceExpression Build() => new(_format.ToString(), _providers.ToArray());
    }
}
