using Lakehouse.FileServer.Authentication;
using Lakehouse.FileServer.Files;
using Lakehouse.FileServer.Homes;
using Microsoft.AspNetCore.Http.Features;

namespace Lakehouse.FileServer.Apis;

/// <summary>
/// A user's files, for the hub only (which checks that the caller is that user or an admin):
/// <c>GET /api/homes/{name}/files?path=</c> lists a folder, <c>GET …/files/content?path=</c> downloads a file,
/// <c>PUT …/files/content?path=</c> uploads one (the body is the file).
/// </summary>
public static class FilesApi
{
    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        var files = app.MapGroup("/api/homes/{name}/files")
            .AddEndpointFilter<HomeRequestErrors>()
            .RequireAuthorization(FileServerCallers.ManagePolicy);

        files.MapGet("/", (string name, string? path, HomeFiles homes) =>
            TypedResults.Ok(homes.List(HomeStore.ValidName(name), HomePath.Parse(path))));

        files.MapGet("/content", (string name, string? path, HomeFiles homes) =>
        {
            var file = HomePath.Parse(path);
            return TypedResults.File(homes.OpenRead(HomeStore.ValidName(name), file), "application/octet-stream", file.Name);
        });

        files.MapPut("/content", async (string name, string? path, HttpContext context, HomeFiles homes, CancellationToken cancellationToken) =>
        {
            // The quota bounds an upload, not Kestrel's default body limit.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }

            var entry = await homes.WriteAsync(
                HomeStore.ValidName(name), HomePath.Parse(path), context.Request.Body, context.Request.ContentLength, cancellationToken);
            return TypedResults.Created((string?)null, entry);
        });

        return app;
    }
}
