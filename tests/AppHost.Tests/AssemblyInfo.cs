using Lakehouse.Testing;

[assembly: AssemblyFixture(typeof(ChromiumBrowser))]
