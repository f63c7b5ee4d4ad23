namespace Lakehouse.Hosting.Publishing;

/// <summary>One file publishing writes, relative to its output folder. Sensitive files hold secret values and are written owner-only.</summary>
public sealed record PublishedFile(string RelativePath, string Content, bool IsSensitive = false);
