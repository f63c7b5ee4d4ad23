using System.Globalization;
using System.Text;

namespace Lakehouse.ServiceDefaults.Telemetry;

/// <summary>Writes metrics in the Prometheus text exposition format (version 0.0.4), for the services' <c>/metrics</c> pages.</summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();

    public PrometheusText Gauge(string name, string help, double value) => Metric(name, help, "gauge", value);

    public PrometheusText Counter(string name, string help, double value) => Metric(name, help, "counter", value);

    /// <summary>The HELP and TYPE lines of a metric whose samples follow through <see cref="Sample"/>.</summary>
    public PrometheusText Header(string name, string help, string type)
    {
        _text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        _text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        return this;
    }

    /// <summary>One sample; <paramref name="series"/> is the name with its labels, e.g. <c>x_total{kind="a"}</c>.</summary>
    public PrometheusText Sample(string series, double value)
    {
        _text.Append(series).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    public override string ToString() => _text.ToString();

    private PrometheusText Metric(string name, string help, string type, double value) => Header(name, help, type).Sample(name, value);
}
