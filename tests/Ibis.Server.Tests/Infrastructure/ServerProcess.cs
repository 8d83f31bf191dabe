using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a child process, exactly as an operator starts it:
/// <c>dotnet Ibis.Server.dll --urls http://127.0.0.1:0</c>, with the address parsed from the
/// "Now listening on:" line. <see cref="Kill"/> ends the whole process tree with SIGKILL on Linux, so
/// no shutdown code runs — a crash, not a stop. Disposing always kills.
/// </summary>
public sealed partial class ServerProcess : IDisposable
{
    private const int OutputLinesKept = 300;

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    /// <summary>The address the server listens on, once <see cref="WaitUntilListening"/> has returned.</summary>
    public Uri BaseAddress => _listening.Task.IsCompletedSuccessfully
        ? _listening.Task.Result
        : throw new InvalidOperationException("the server is not listening (yet)");

    public int ProcessId { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the server without waiting for it. <paramref name="environment"/> is applied on top of
    /// this process's environment (a null value removes a variable). Logging is Warning except
    /// Microsoft.Hosting.Lifetime, which prints the address.
    /// </summary>
    public static ServerProcess Launch(IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Ibis.Server.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Ibis.Server.dll is not next to the tests; the project reference copies it", dll);
        var psi = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add("http://127.0.0.1:0");
        // Nothing from the test host's own configuration may leak into the server.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "IBIS_DATA_DIR", "IBIS_KEK", "IBIS_KEY_DIR", "ConnectionStrings__Ibis" })
            psi.Environment.Remove(inherited);
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning";
        psi.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        // Dynamic PGO pays off in a server that runs for hours, not in one a test kills after seconds (Directory.Build.props).
        psi.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (name, value) in environment)
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._listening.TrySetException(
            new InvalidOperationException($"the server exited before it listened (exit code {SafeExitCode(process)})"));
        process.Start();
        server.ProcessId = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for "Now listening on:"; throws with the server's output on exit or timeout.</summary>
    public async Task<Uri> WaitUntilListening(TimeSpan timeout)
    {
        try
        {
            return await _listening.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the server did not listen within {timeout.TotalSeconds:0} s. Output:\n{Output}");
        }
        catch (InvalidOperationException e)
        {
            // Let the output readers drain before reporting. A timed wait does not wait for them (only the untimed one
            // waits for the end of the redirected streams), so on a loaded machine the server's last line — the one a
            // test asserts on — could still be in the pipe: once it has exited, wait for the streams too.
            if (_process.WaitForExit(2000)) _process.WaitForExit();
            throw new InvalidOperationException($"{e.Message}. Output:\n{Output}", e);
        }
    }

    /// <summary>
    /// Launches and waits until the server listens (two minutes: a first start migrates the database and makes
    /// the sandbox, which on a 2-core machine running two such tests and their clients took 30–60 s).
    /// </summary>
    public static async Task<ServerProcess> Start(IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var server = Launch(environment, workingDirectory);
        try
        {
            await server.WaitUntilListening(TimeSpan.FromSeconds(120));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The last lines the server wrote to stdout and stderr.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock) return string.Join('\n', _output);
        }
    }

    /// <summary>
    /// SIGKILL to the server (it starts no children), then wait until it is gone. Not the tree kill: .NET
    /// looks for the children through /proc before the signal, 50–100 ms on a busy machine, long enough for
    /// the request a crash test meant to cut off to be answered first.
    /// </summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > OutputLinesKept) _output.Dequeue();
        }
        var match = ListeningLine().Match(line);
        if (match.Success) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    private static string DotnetHost()
    {
        // `dotnet test` tells its children where the host is; otherwise the one running us, or PATH.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "unknown";
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
