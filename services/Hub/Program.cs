using Microsoft.AspNetCore.HttpOverrides;
using Lakehouse.Hub.Apis;
using Lakehouse.Hub.Extensions;
using Lakehouse.Hub.Pages;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddHubServices();

var app = builder.Build();

app.UseDefaultExceptionHandler();

// Behind the route controller: its X-Forwarded-Proto decides the Secure cookie flag (loopback proxies only, by default).
app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapHubHealth();
app.MapHubApi();
app.MapHubPages();

app.Run();
