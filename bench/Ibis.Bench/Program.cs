using BenchmarkDotNet.Running;

namespace Ibis.Bench;

// Not a top-level program: the server's Program (hosted by the SQLite benchmark) already claims the global name.
public static class BenchProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
}
