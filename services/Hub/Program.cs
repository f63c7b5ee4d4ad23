using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Extensions;
using Lakehouse.Hub.Pages;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHubServices();

var app = builder.Build();

app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapHubHealth();
app.MapHubApi();
app.MapHubPages();

app.Run();
