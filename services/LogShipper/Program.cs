using Lakehouse.LogShipper.Apis;
using Lakehouse.LogShipper.Extensions;
using Lakehouse.LogShipper.Tail;

// `tail`: print shipped events as they arrive (see the README); anything else runs the service.
if (args is ["tail", .. var tailArgs])
{
    return await TailCommand.RunAsync(tailArgs);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddLogShipperServices();

var app = builder.Build();

app.UseDefaultExceptionHandler();

app.MapDefaultEndpoints();
app.MapMetricsApi();

app.Run();
return 0;
