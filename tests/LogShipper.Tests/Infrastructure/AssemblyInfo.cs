using Lakehouse.LogShipper.Tests.Infrastructure;

// Brokers and shippers are real processes, and the crash tests stop and kill them: on a small machine, one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: AssemblyFixture(typeof(SharedBroker))]
