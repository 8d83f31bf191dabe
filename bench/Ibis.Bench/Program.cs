using BenchmarkDotNet.Running;

namespace Ibis.Bench;

// Not a top-level program: the server's Program (hosted by the SQLite benchmark) already claims the global name.
public static class BenchProgram
{
    public static void Main(string[] args)
    {
        // The scan-event ratios in alternating rounds (ScanEventRatio); everything else through BenchmarkDotNet.
        if (args.Length > 0 && args[0] == "scan-ratio")
        {
            ScanEventRatio.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(args);
    }
}
