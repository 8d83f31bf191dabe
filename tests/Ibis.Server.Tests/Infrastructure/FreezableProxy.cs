using System.Net;
using System.Net.Sockets;

namespace Ibis.Server.Tests.Infrastructure;

/// <summary>
/// A TCP relay between a client and a server that can go silent: while frozen it forwards nothing either way
/// and closes nothing, as a network partition or a hung server looks to both ends. Connections opened while
/// frozen are held the same way.
/// </summary>
public sealed class FreezableProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private volatile TaskCompletionSource _thawed = Thawed();
    private readonly Task _accepting;

    public FreezableProxy(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = Accept();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool Frozen => !_thawed.Task.IsCompleted;

    public void Freeze()
    {
        if (!Frozen) _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void Thaw() => _thawed.TrySetResult();

    private static TaskCompletionSource Thawed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private async Task Accept()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(_host, _port, _stop.Token);
                lock (_open) _open.AddRange([client, server]);
                _ = Pump(client.GetStream(), server.GetStream());
                _ = Pump(server.GetStream(), client.GetStream());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                await _thawed.Task.WaitAsync(_stop.Token);
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0) break;
                // Bytes read just as the relay froze are held until it thaws, like the rest.
                await _thawed.Task.WaitAsync(_stop.Token);
                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        try
        {
            to.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_open)
            foreach (var c in _open) c.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
