using Lakehouse.Spawner.Apis;
using Lakehouse.Spawner.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddSpawnerServices();

var app = builder.Build();

app.UseDefaultExceptionHandler();

app.MapDefaultEndpoints();

app.UseAuthentication();
app.UseAuthorization();

app.MapServersApi();
app.MapEventsApi();

app.Run();
