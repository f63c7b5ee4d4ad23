using Lakehouse.RouteController.Apis;
using Lakehouse.RouteController.Extensions;
using Lakehouse.RouteController.Proxy;

// Before any socket exists.
InlineSocketCompletions.EnableUnlessConfigured();

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRouteControllerServices();
builder.AddPublicListener();

var app = builder.Build();

app.UseDefaultExceptionHandler();

// First, so that proxied requests skip endpoint routing altogether.
app.UsePublicProxy();
app.UseRouting();

app.MapDefaultEndpoints();
app.MapRoutesApi();

app.Run();
