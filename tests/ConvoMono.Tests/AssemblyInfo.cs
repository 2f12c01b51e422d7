using ConvoMono.Tests.Support;

[assembly: AssemblyFixture(typeof(TestApps))]
