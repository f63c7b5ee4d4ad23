namespace Lakehouse.LogShipper.Options;

/// <summary>The <c>LogShipper:Forward</c> section: when <see cref="ConnectionString"/> is set, every event on the local
/// exchange is moved to the remote broker through the durable queue <see cref="Queue"/>, acknowledged locally only
/// once the remote broker has confirmed it.</summary>
public sealed class ForwardOptions
{
    /// <summary>An <c>amqp://</c> URI of the remote broker; forwarding is off when empty.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The remote exchange; default the local one's name.</summary>
    public string? Exchange { get; set; }

    public string Queue { get; set; } = "lakehouse.logs.forward";

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
