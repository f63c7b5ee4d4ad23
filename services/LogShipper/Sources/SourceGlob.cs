namespace Lakehouse.LogShipper.Sources;

/// <summary>Expands an absolute glob whose <c>*</c> and <c>?</c> match within one path segment.</summary>
public static class SourceGlob
{
    public static IEnumerable<string> Expand(string pattern)
    {
        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Expand("/", segments, 0);
    }

    private static IEnumerable<string> Expand(string directory, string[] segments, int index)
    {
        var segment = segments[index];
        var last = index == segments.Length - 1;
        IEnumerable<string> matches;
        if (segment.IndexOfAny(['*', '?']) < 0)
        {
            var path = Path.Combine(directory, segment);
            matches = (last ? File.Exists(path) : Directory.Exists(path)) ? [path] : [];
        }
        else
        {
            try
            {
                matches = last
                    ? Directory.EnumerateFiles(directory, segment, Options).ToList()
                    : Directory.EnumerateDirectories(directory, segment, Options).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A pod's folder disappears while we look: it simply has no files now.
                matches = [];
            }
        }

        return last ? matches.Order(StringComparer.Ordinal) : matches.SelectMany(m => Expand(m, segments, index + 1));
    }

    private static readonly EnumerationOptions Options = new()
    {
        MatchType = MatchType.Win32,
        MatchCasing = MatchCasing.CaseSensitive,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.None,
    };
}
