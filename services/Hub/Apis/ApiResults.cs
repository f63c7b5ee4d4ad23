using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization.Metadata;
using Lakehouse.Contracts;
using Lakehouse.Hub.Apis.Models;
using Lakehouse.Hub.Security;

namespace Lakehouse.Hub.Apis;

/// <summary>Answers shared by the API groups, in JupyterHub's error shape.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string message) => Results.Json(new ApiError(status, message), HubJsonContext.Responses.ApiError, statusCode: status);

    public static IResult Forbidden(string message = "You may not do this.") => Error(StatusCodes.Status403Forbidden, message);

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, $"{what} not found.");

    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string message)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Error(StatusCodes.Status429TooManyRequests, message);
    }

    /// <summary>Normalizes a user name from a path or body; the error result says what is wrong with it.</summary>
    public static bool TryUserName(string? raw, [NotNullWhen(true)] out string? name, [NotNullWhen(false)] out IResult? error)
    {
        if (UserName.TryNormalize(raw, out name, out var reason))
        {
            error = null;
            return true;
        }

        error = Error(StatusCodes.Status400BadRequest, reason);
        return false;
    }

    public static bool TryGroupName(string? raw, [NotNullWhen(false)] out IResult? error)
    {
        error = UserName.IsValidGroupName(raw, out var reason) ? null : Error(StatusCodes.Status400BadRequest, reason);
        return error is null;
    }

    /// <summary>
    /// An optional JSON body (JupyterHub lets clients leave it out): null when absent, an error result when it is
    /// not valid JSON for <typeparamref name="T"/>.
    /// </summary>
    public static async Task<(T? Body, IResult? Error)> ReadOptionalBodyAsync<T>(
        HttpContext context, JsonTypeInfo<T> body, CancellationToken cancellationToken)
        where T : class
    {
        if (context.Request.ContentLength is null or 0 && context.Request.Headers.TransferEncoding.Count == 0)
        {
            return (null, null);
        }

        try
        {
            return (await context.Request.ReadFromJsonAsync(body, cancellationToken), null);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return (null, Error(StatusCodes.Status400BadRequest, $"The request body is not valid JSON for this request: {e.Message}"));
        }
    }

    /// <summary>The authenticated caller; API groups require authentication, so it is never missing there.</summary>
    public static HubCaller Caller(HttpContext context) =>
        HubCaller.From(context) ?? throw new InvalidOperationException("An API endpoint ran without an authenticated caller.");

    /// <summary>403 unless the caller holds <paramref name="scope"/> on every object (hub-wide actions and listings).</summary>
    public static IResult? RefuseUnless(HttpContext context, string scope) =>
        Caller(context).Has(scope) ? null : Forbidden(MissingScope(scope, null));

    /// <summary>
    /// 403 unless the caller holds <paramref name="scope"/> on <paramref name="userName"/>'s objects. The user's groups
    /// are looked up only when a group filter could decide.
    /// </summary>
    public static async Task<IResult?> RefuseUnlessAsync(
        HttpContext context, string scope, string userName, Users.UserService users, CancellationToken cancellationToken) =>
        await Caller(context).AllowsAsync(scope, userName, users, cancellationToken) ? null : Forbidden(MissingScope(scope, userName));

    /// <summary>403 unless the caller holds <paramref name="scope"/> on the objects of a user the endpoint has read already (null: none).</summary>
    public static IResult? RefuseUnless(HttpContext context, string scope, string userName, Data.User? target) =>
        Caller(context).Allows(scope, userName, target) ? null : Forbidden(MissingScope(scope, userName));

    public static string MissingScope(string scope, string? userName) =>
        userName is null ? $"This needs the '{scope}' scope." : $"This needs the '{scope}' scope on user {userName}.";
}
