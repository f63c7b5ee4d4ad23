var builder = DistributedApplication.CreateBuilder(args);

var fileserver = builder.AddProject<Projects.FileServer>("fileserver")
    .WithHttpHealthCheck("/health");

var spawner = builder.AddProject<Projects.Spawner>("spawner")
    .WithReference(fileserver)
    .WaitFor(fileserver)
    .WithHttpHealthCheck("/health");

var hub = builder.AddProject<Projects.Hub>("hub")
    .WithReference(spawner)
    .WaitFor(spawner)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.RouteController>("route-controller")
    .WithReference(hub)
    .WithReference(spawner)
    .WaitFor(hub)
    .WithHttpHealthCheck("/health");

var rabbitmq = builder.AddRabbitMQ("rabbitmq");

builder.AddProject<Projects.LogShipper>("log-shipper")
    .WithReference(rabbitmq)
    .WaitFor(rabbitmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
