var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: services wait for it (WaitFor). Our own services start together and reach each other
// through service discovery with retries, so they need no start order.
var rabbitmq = builder.AddRabbitMQ("rabbitmq");

var fileserver = builder.AddProject<Projects.FileServer>("fileserver")
    .WithHttpHealthCheck("/health");

var spawner = builder.AddProject<Projects.Spawner>("spawner")
    .WithReference(fileserver)
    .WithHttpHealthCheck("/health");

var hub = builder.AddProject<Projects.Hub>("hub")
    .WithReference(spawner)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.RouteController>("route-controller")
    .WithReference(hub)
    .WithReference(spawner)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.LogShipper>("log-shipper")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
