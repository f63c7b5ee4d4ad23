using System.Text;
using Lakehouse.Contracts;
using Lakehouse.Hub.Homes;
using Lakehouse.Hub.Security;
using static Lakehouse.Hub.Pages.HtmlLayout;

namespace Lakehouse.Hub.Pages;

/// <summary>
/// <c>/hub/files/{name}?path=</c>: a user's home through the fileserver, also while the server is stopped: browse
/// folders, download files (always as attachments, never rendered), upload into the folder shown. For the user and
/// admins only; the fileserver applies the quota, the user's ownership and path safety.
/// <c>POST /hub/admin/users/{name}/quota</c>: an admin sets a user's quota (a size such as <c>20GiB</c>).
/// </summary>
internal static class HomeFilesPage
{
    public static IEndpointRouteBuilder MapHomeFilesPage(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/hub/files/{name}", Browse);
        endpoints.MapGet("/hub/files/{name}/download", Download);
        endpoints.MapPost("/hub/files/{name}/upload", Upload).DisableAntiforgery();
        endpoints.MapPost("/hub/admin/users/{name}/quota", SetQuota).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Browse(HttpContext context, string name, string? path, HomeStorage storage, CancellationToken cancellationToken)
    {
        if (!PageContext.TryCaller(context, out var caller, out var redirect))
        {
            return redirect!;
        }

        return await RenderAsync(context, caller, name, path ?? "", storage, null, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task<IResult> Download(HttpContext context, string name, string? path, HomeStorage storage, CancellationToken cancellationToken)
    {
        if (!PageContext.TryCaller(context, out var caller, out var redirect))
        {
            return redirect!;
        }

        if (Refuse(caller, name, storage) is { } refusal)
        {
            return await RenderAsync(context, caller, name, "", storage, refusal, StatusCodes.Status403Forbidden, cancellationToken);
        }

        try
        {
            var response = await storage.Client.DownloadAsync(name, path ?? "", cancellationToken);
            context.Response.RegisterForDispose(response);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(stream, "application/octet-stream", Path.GetFileName(path ?? "download"));
        }
        catch (FileServerException e)
        {
            return await RenderAsync(context, caller, name, "", storage, e.Message, (int)e.StatusCode, cancellationToken);
        }
    }

    private static async Task<IResult> Upload(HttpContext context, string name, string? path, HomeStorage storage, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var folder = path ?? "";
        if (Refuse(caller!, name, storage) is { } denied)
        {
            return await RenderAsync(context, caller!, name, folder, storage, denied, StatusCodes.Status403Forbidden, cancellationToken);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        if (form.Files.GetFile("file") is not { } file || string.IsNullOrEmpty(Path.GetFileName(file.FileName)))
        {
            return await RenderAsync(context, caller!, name, folder, storage, "Choose a file to upload.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        try
        {
            await using var content = file.OpenReadStream();
            await storage.Client.UploadAsync(name, $"{folder.TrimEnd('/')}/{Path.GetFileName(file.FileName)}", content, cancellationToken);
        }
        catch (FileServerException e)
        {
            return await RenderAsync(context, caller!, name, folder, storage, e.Message, (int)e.StatusCode, cancellationToken);
        }

        return Results.Redirect($"/hub/files/{Uri.EscapeDataString(name)}?path={Uri.EscapeDataString(folder)}");
    }

    private static async Task<IResult> SetQuota(HttpContext context, string name, HomeStorage storage, CancellationToken cancellationToken)
    {
        var (caller, refusal) = await PageContext.PostAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!caller!.IsAdmin)
        {
            return Page(context, "Admin", "<p class=\"error\">The admin page is for admins.</p>", caller, StatusCodes.Status403Forbidden);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        string? error = null;
        if (!UserName.TryNormalize(name, out var userName, out error) || !ByteSize.TryParse(form["quota"], out var bytes, out error))
        {
            return Page(context, "Admin", $"<p class=\"error\">{E(error)}</p><p><a href=\"/hub/admin\">Back</a></p>", caller, StatusCodes.Status400BadRequest);
        }

        try
        {
            if (await storage.Client.SetQuotaAsync(userName, bytes, cancellationToken) is null)
            {
                error = $"{userName} has no home yet: it is created when the server first starts.";
            }
        }
        catch (Exception e) when (e is FileServerException or HttpRequestException)
        {
            error = e.Message;
        }

        return error is null
            ? Results.Redirect("/hub/admin")
            : Page(context, "Admin", $"<p class=\"error\">{E(error)}</p><p><a href=\"/hub/admin\">Back</a></p>", caller, StatusCodes.Status400BadRequest);
    }

    private static string? Refuse(HubCaller caller, string name, HomeStorage storage) =>
        !storage.IsConfigured ? "There is no fileserver."
        : !UserName.TryNormalize(name, out var userName, out var error) ? error
        : !caller.MayActOn(userName) ? "You may not see these files."
        : null;

    private static async Task<IResult> RenderAsync(
        HttpContext context, HubCaller caller, string name, string path, HomeStorage storage, string? error, int status, CancellationToken cancellationToken)
    {
        var body = new StringBuilder($"<h1>Files of {E(name)}</h1>");
        if (Refuse(caller, name, storage) is { } refusal)
        {
            return Page(context, "Files", body.Append($"<p class=\"error\">{E(refusal)}</p>").ToString(), caller, StatusCodes.Status403Forbidden);
        }

        if (error is not null)
        {
            body.Append($"<p class=\"error\" id=\"files-error\">{E(error)}</p>");
        }

        var folder = string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var link = $"/hub/files/{Uri.EscapeDataString(name)}";
        body.Append($"<p id=\"files-path\"><a href=\"{E(link)}\">home</a>");
        var walked = "";
        foreach (var segment in folder.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            walked = walked.Length == 0 ? segment : $"{walked}/{segment}";
            body.Append($" / <a href=\"{E(link + "?path=" + Uri.EscapeDataString(walked))}\">{E(segment)}</a>");
        }

        body.Append("</p>");
        try
        {
            var entries = await storage.Client.ListFilesAsync(name, folder, cancellationToken);
            body.Append("<table id=\"files\"><thead><tr><th>Name</th><th>Size</th><th>Modified</th></tr></thead><tbody>");
            foreach (var entry in entries)
            {
                var entryPath = Uri.EscapeDataString(folder.Length == 0 ? entry.Name : $"{folder}/{entry.Name}");
                var href = entry.Type == HomeEntry.Directory ? $"{link}?path={entryPath}" : $"{link}/download?path={entryPath}";
                body.Append($"<tr data-name=\"{E(entry.Name)}\"><td><a href=\"{E(href)}\">{E(entry.Name)}{(entry.Type == HomeEntry.Directory ? "/" : "")}</a></td>")
                    .Append($"<td>{(entry.Type == HomeEntry.Directory ? "" : E(ByteSize.Format(entry.Size)))}</td><td>{E(entry.Modified.ToString("u"))}</td></tr>");
            }

            body.Append("</tbody></table>");
        }
        catch (FileServerException e)
        {
            body.Append($"<p class=\"error\" id=\"files-error\">{E(e.Message)}</p>");
            status = status == StatusCodes.Status200OK ? (int)e.StatusCode : status;
        }

        body.Append($"""
            <h2>Upload here</h2>
            <form method="post" enctype="multipart/form-data" action="{E($"{link}/upload?path={Uri.EscapeDataString(folder)}")}">{XsrfField(context)}
              <input type="file" name="file" id="upload-file"> <button id="upload" type="submit">Upload</button>
            </form>
            """);
        return Page(context, "Files", body.ToString(), caller, status);
    }
}
