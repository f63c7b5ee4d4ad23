namespace Lakehouse.FileServer.Homes;

/// <summary>A request that cannot be done as asked, with the HTTP status and a message for the caller.</summary>
internal sealed class HomeRequestException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static HomeRequestException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static HomeRequestException NotFound(string message) => new(StatusCodes.Status404NotFound, message);

    public static HomeRequestException Conflict(string message) => new(StatusCodes.Status409Conflict, message);

    public static HomeRequestException QuotaExceeded(string message) => new(StatusCodes.Status413PayloadTooLarge, message);
}
