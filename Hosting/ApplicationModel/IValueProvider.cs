namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A value that is known only in run mode, once ports are allocated and parameters resolved.</summary>
public interface IValueProvider
{
    ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default);
}
