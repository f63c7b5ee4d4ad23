global using Lakehouse.Hosting;
