namespace Lakehouse.Hosting.ApplicationModel;

/// <summary>A piece of metadata attached to a resource; the orchestrator and publishers read them.</summary>
public interface IResourceAnnotation;
