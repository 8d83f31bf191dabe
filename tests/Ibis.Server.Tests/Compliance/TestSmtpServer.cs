using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace Ibis.Server.Tests.Compliance;

/// <summary>A message as the SMTP server received it.</summary>
public sealed record ReceivedMail(string To, string Subject, string Body, string? Source, string MessageId);

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free loopback port, inside the test: it keeps every
/// message it accepts so a test reads what Ibis actually delivered over the wire.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private Task? _running;

    /// <summary>A server on a free port; with <paramref name="start"/> false the port stays closed until <see cref="Start"/>.</summary>
    public TestSmtpServer(bool start = true)
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Received));
        _server = new SmtpServer.SmtpServer(options, services);
        if (start) Start();
    }

    public void Start() => _running ??= _server.StartAsync(_stop.Token);

    public int Port { get; }

    public ConcurrentQueue<ReceivedMail> Received { get; } = new();

    /// <summary>Settings that point Ibis at this server.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Ibis:Smtp:Host"] = "127.0.0.1",
        ["Ibis:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ibis:Smtp:From"] = "compliance@ibis.test",
        ["Ibis:Smtp:Security"] = "none",
    };

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is not null)
        {
            _server.Shutdown();
            await _stop.CancelAsync();
            try { await _running; } catch (OperationCanceledException) { }
        }
        _stop.Dispose();
    }

    private sealed class Store(ConcurrentQueue<ReceivedMail> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var m = await MimeMessage.LoadAsync(stream, cancellationToken);
            foreach (var to in transaction.To)
                received.Enqueue(new ReceivedMail($"{to.User}@{to.Host}", m.Subject ?? "", m.TextBody ?? "", m.Headers["X-Ibis-Source"], m.MessageId ?? ""));
            return SmtpResponse.Ok;
        }
    }
}
