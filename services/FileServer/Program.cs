using Lakehouse.FileServer.Apis;
using Lakehouse.FileServer.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFileServerServices();

var app = builder.Build();

app.UseDefaultExceptionHandler();

app.MapDefaultEndpoints();

app.UseAuthentication();
app.UseAuthorization();

app.MapHomesApi();
app.MapFilesApi();

app.Run();
