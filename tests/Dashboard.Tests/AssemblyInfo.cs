using Lakehouse.Dashboard.Tests.Infrastructure;
using Lakehouse.Testing;

[assembly: AssemblyFixture(typeof(ChromiumBrowser))]
