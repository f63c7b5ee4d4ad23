global using Lakehouse.Hosting;
global using Microsoft.Extensions.Configuration;
