using System.Collections.ObjectModel;

namespace Lakehouse.Hosting.ApplicationModel;

public sealed class ResourceAnnotationCollection : Collection<IResourceAnnotation>
{
    public IEnumerable<T> OfType<T>() where T : IResourceAnnotation => this.Where(a => a is T).Cast<T>();
}
