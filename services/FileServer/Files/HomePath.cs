using Lakehouse.FileServer.Homes;

namespace Lakehouse.FileServer.Files;

/// <summary>
/// A path inside a home, as segments: '/'-separated, empty segments ignored, and '.', '..', NUL and overlong names
/// refused, so it can only name something below the home (links are dealt with when opening, see <see cref="HomeFiles"/>).
/// </summary>
internal sealed record HomePath(IReadOnlyList<string> Segments)
{
    private const int MaxSegmentBytes = 255;
    private const int MaxSegments = 64;

    public static HomePath Parse(string? path)
    {
        var segments = (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length > MaxSegments)
        {
            throw HomeRequestException.BadRequest($"The path is too deep: at most {MaxSegments} folders.");
        }

        foreach (var segment in segments)
        {
            if (segment is "." or ".." || segment.Contains('\0') || System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes)
            {
                throw HomeRequestException.BadRequest("The path may not contain '.', '..', NUL or names longer than 255 bytes.");
            }
        }

        return new HomePath(segments);
    }

    public bool IsRoot => Segments.Count == 0;

    public IReadOnlyList<string> Parent => Segments.Take(Segments.Count - 1).ToList();

    public string Name => Segments[^1];

    public override string ToString() => string.Join('/', Segments);
}
