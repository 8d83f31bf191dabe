using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain.Psd;
using Ibis.Security.Keys;
using Ibis.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>
/// Register checkpoints anchored outside the database (issue 16 item 6, DESIGN §4). The register MAC proves
/// a row is one Ibis wrote, and the seal's replay check compares it with the device's newest indicium and
/// reset — but a database writer can put back an older row <em>together with</em> deleting the newer
/// indicia, and every check inside the database then agrees. So each committed register change is also
/// noted here: in memory at once (every later operation on this node compares against it), and appended
/// within <see cref="FlushInterval"/> to a log file in the key directory, each line MACed under the
/// device's own register-MAC key, which the database writer does not hold. At start-up every log in the
/// directory is read back and each device found behind its checkpoint is locked
/// (<c>register_integrity_failure</c>, with a case) before it can print.
/// </summary>
/// <remarks>
/// The rule is one-directional: a row may be newer than its checkpoint (the log lags by up to the flush
/// interval, or a change came through a path that does not note, such as a life-cycle transition), never
/// older, and its ascending register and piece count never lower. Several nodes each append to their own
/// file; put <c>Ibis:Checkpoints:Directory</c> on storage every node reaches, so that each start reads all.
/// A node killed between commit and flush loses at most that interval's checkpoints, which only narrows
/// what the next start can detect.
/// </remarks>
public sealed partial class RegisterCheckpoints(IbisOptions options, IConfiguration configuration, IKeyStore keys,
    IServiceScopeFactory scopes, DeviceLockout lockout, ILogger<RegisterCheckpoints> logger) : BackgroundService
{
    private const string Format = "ibis-register-checkpoint/v1";

    private readonly ConcurrentDictionary<string, Anchor> _anchored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly string _file = Path.Combine(DirectoryOf(options, configuration),
        $"{DateTime.UtcNow:yyyyMMddTHHmmss}-{Environment.MachineName}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}.log");

    /// <summary>The newest register state known to have committed for a device.</summary>
    public sealed record Anchor(long Version, long AscendingMills, long PieceCount);

    private sealed record Pending(Anchor Anchor, byte[] MacKeyHandle, DateTimeOffset At);

    public TimeSpan FlushInterval { get; } = TimeSpan.FromMilliseconds(
        int.TryParse(configuration["Ibis:Checkpoints:FlushMilliseconds"], CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : 1000);

    public static string DirectoryOf(IbisOptions options, IConfiguration configuration) =>
        configuration["Ibis:Checkpoints:Directory"] ?? Path.Combine(options.KeyDirectory, "register-checkpoints");

    /// <summary>After a commit that changed the registers: anchors the state (in memory now, on disk at the next flush).</summary>
    public void Note(DeviceRow device, DateTimeOffset at)
    {
        var anchor = new Anchor(device.Version, device.AscendingMills, device.PieceCount);
        _anchored.AddOrUpdate(device.Id, anchor, (_, held) => held.Version >= anchor.Version ? held : anchor);
        var pending = new Pending(anchor, device.MacKeyHandle.ToArray(), at);
        _pending.AddOrUpdate(device.Id, pending, (_, held) => held.Anchor.Version >= anchor.Version ? held : pending);
    }

    /// <summary>Throws <see cref="RegisterIntegrityException"/> when the row is older than its checkpoint.</summary>
    public void Check(DeviceRow device)
    {
        if (!_anchored.TryGetValue(device.Id, out var anchor)) return;
        if (device.Version < anchor.Version || device.AscendingMills < anchor.AscendingMills || device.PieceCount < anchor.PieceCount)
            throw new RegisterIntegrityException(device.Id,
                $"the registers (version {device.Version}, AR {device.AscendingMills}, {device.PieceCount} pieces) are older than the checkpoint anchored outside the database (version {anchor.Version}, AR {anchor.AscendingMills}, {anchor.PieceCount} pieces): the row was rolled back");
    }

    /// <summary>The anchored state of a device, if any (for tests and the readiness report).</summary>
    public Anchor? AnchorOf(string deviceId) => _anchored.TryGetValue(deviceId, out var a) ? a : null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await Recover(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the business clock: a test's frozen clock must not stop the log from being written.
        using var timer = new PeriodicTimer(FlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await Flush(CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the final flush follows in StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await Flush(CancellationToken.None);
    }

    /// <summary>Appends every pending checkpoint to this node's log and forces it to disk.</summary>
    public async Task Flush(CancellationToken ct)
    {
        if (_pending.IsEmpty) return;
        await _writing.WaitAsync(ct);
        try
        {
            var lines = new StringBuilder();
            foreach (var id in _pending.Keys.ToList())
            {
                if (!_pending.TryRemove(id, out var p)) continue;
                try
                {
                    lines.Append(Line(id, p.Anchor, p.At, keys.ComputeMac(p.MacKeyHandle, Payload(id, p.Anchor, p.At)))).Append('\n');
                }
                catch (KeyStoreException e)
                {
                    LogUnanchored(logger, id, e.Code); // e.g. the key destroyed at check-out meanwhile: nothing left to protect
                }
            }
            if (lines.Length == 0) return;
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            var fileOptions = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = DataDirectory.PrivateFile;
            await using var stream = new FileStream(_file, fileOptions);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(lines.ToString()), ct);
            stream.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            LogWriteFailed(logger, _file, e); // the checkpoints stay in memory; the next flush tries again
        }
        finally
        {
            _writing.Release();
        }
    }

    /// <summary>At start-up: reads every log back, keeps each device's newest authentic checkpoint, and locks every device behind it.</summary>
    private async Task Recover(CancellationToken ct)
    {
        var directory = Path.GetDirectoryName(_file)!;
        if (!Directory.Exists(directory)) return;
        var read = new List<(string Device, Anchor Anchor, DateTimeOffset At, byte[] Mac)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.log"))
            foreach (var text in await File.ReadAllLinesAsync(file, ct))
                if (Parse(text) is { } line) read.Add(line);
        if (read.Count == 0) return;

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IbisDb>();
        var ids = read.Select(r => r.Device).Distinct().ToList();
        var devices = new Dictionary<string, DeviceRow>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
            foreach (var d in await db.Devices.AsNoTracking().Where(d => chunk.Contains(d.Id)).ToListAsync(ct))
                devices[d.Id] = d;

        foreach (var (device, anchor, at, mac) in read)
        {
            if (!devices.TryGetValue(device, out var row) || row.Status == DeviceStatus.Withdrawn || row.MacKeyHandle.Length == 0) continue;
            byte[] expected;
            try
            {
                expected = keys.ComputeMac(row.MacKeyHandle, Payload(device, anchor, at));
            }
            catch (KeyStoreException)
            {
                continue;
            }
            if (!CryptographicOperations.FixedTimeEquals(expected, mac))
            {
                LogForgedLine(logger, device, file: directory);
                continue;
            }
            _anchored.AddOrUpdate(device, anchor, (_, held) => held.Version >= anchor.Version ? held : anchor);
        }

        foreach (var (id, row) in devices)
        {
            if (row.Status is DeviceStatus.Withdrawn or DeviceStatus.Locked) continue;
            try
            {
                Check(row);
            }
            catch (RegisterIntegrityException e)
            {
                LogRolledBack(logger, id, e.Reason);
                await lockout.Lock(id, "register_integrity_failure", e.Reason, null, ct);
            }
        }
    }

    private static byte[] Payload(string device, Anchor a, DateTimeOffset at) =>
        Encoding.UTF8.GetBytes(string.Join('|', Format, device, a.Version.ToString(CultureInfo.InvariantCulture),
            a.AscendingMills.ToString(CultureInfo.InvariantCulture), a.PieceCount.ToString(CultureInfo.InvariantCulture),
            at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

    private static string Line(string device, Anchor a, DateTimeOffset at, byte[] mac) =>
        string.Join(' ', "v1", device, a.Version.ToString(CultureInfo.InvariantCulture), a.AscendingMills.ToString(CultureInfo.InvariantCulture),
            a.PieceCount.ToString(CultureInfo.InvariantCulture), at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(mac));

    private static (string, Anchor, DateTimeOffset, byte[])? Parse(string text)
    {
        var f = text.Split(' ');
        if (f.Length != 7 || f[0] != "v1") return null; // a torn last line after a crash is skipped
        try
        {
            return (f[1], new Anchor(long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture), long.Parse(f[4], CultureInfo.InvariantCulture)),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(f[5], CultureInfo.InvariantCulture)), Convert.FromBase64String(f[6]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1350, EventName = "RegisterRollbackDetected", Level = LogLevel.Error, Message = "Device {DeviceId} is behind its register checkpoint: {Reason}; locking it")]
    private static partial void LogRolledBack(ILogger logger, string deviceId, string reason);

    [LoggerMessage(EventId = 1351, EventName = "RegisterCheckpointForged", Level = LogLevel.Warning, Message = "A register checkpoint of device {DeviceId} in {File} does not match its MAC; ignored")]
    private static partial void LogForgedLine(ILogger logger, string deviceId, string file);

    [LoggerMessage(EventId = 1352, EventName = "RegisterCheckpointWriteFailed", Level = LogLevel.Warning, Message = "Could not append register checkpoints to {File}; they stay in memory and are retried")]
    private static partial void LogWriteFailed(ILogger logger, string file, Exception e);

    [LoggerMessage(EventId = 1353, EventName = "RegisterCheckpointUnanchored", Level = LogLevel.Information, Message = "No checkpoint written for device {DeviceId}: its MAC key is unavailable ({Code})")]
    private static partial void LogUnanchored(ILogger logger, string deviceId, string code);
}
