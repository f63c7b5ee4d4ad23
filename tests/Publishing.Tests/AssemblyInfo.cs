[assembly: AssemblyFixture(typeof(Lakehouse.Publishing.Tests.Support.KubernetesValidator))]
