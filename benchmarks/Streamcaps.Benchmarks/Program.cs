using BenchmarkDotNet.Running;

// Every BenchmarkDotNet class in this assembly is selectable: `dotnet run -c Release -- --filter *Flow*`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
