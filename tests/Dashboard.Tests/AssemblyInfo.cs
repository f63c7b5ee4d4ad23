using Lakehouse.Dashboard.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(ChromiumBrowser))]
