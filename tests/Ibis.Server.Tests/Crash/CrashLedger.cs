using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ibis.Server.Tests.Crash;

public enum OpKind { Print, Reset }

/// <summary>
/// One money-moving request exactly as sent: its Idempotency-Key, body bytes and API key, so that a
/// retry after a crash is the same request. <see cref="Mills"/> is the postage (print) or amount (reset).
/// </summary>
public sealed record Op(OpKind Kind, string IdempotencyKey, string Body, string ApiKey, long Mills)
{
    public string Path(string deviceId) => Kind == OpKind.Print ? $"/v1/devices/{deviceId}/indicia" : $"/v1/devices/{deviceId}/resets";
}

/// <summary>A request the server acknowledged (2xx received by the client), with what it said.</summary>
public sealed record Ack(Op Op, string Id, long PieceNumber, string ResponseBody);

/// <summary>How a response came to us: the first try, the retry of an unknown outcome, or a deliberate replay.</summary>
public enum Source { Live, Retry, ReplayCheck }

/// <summary>An HTTP answer: status, whether the server marked it as a replay, and the body.</summary>
public sealed record Answer(int Status, bool Replayed, string Body);

/// <summary>
/// The client's side of the story: every acknowledged indicium and reset, the requests whose outcome
/// the crash made unknown, what the server refused and why, and every violation seen on the wire.
/// The store must agree with this ledger exactly after each restart.
/// </summary>
public sealed class CrashLedger
{
    private readonly ConcurrentDictionary<string, string> _idByKey = new();
    private readonly ConcurrentDictionary<string, int> _refusals = new();
    private int _unknownReplayed;
    private int _unknownApplied;
    private int _unknownRefused;
    private int _replaysChecked;
    private int _transportErrorsBeforeKill;

    public ConcurrentDictionary<string, Ack> Indicia { get; } = new();

    public ConcurrentDictionary<string, Ack> Resets { get; } = new();

    /// <summary>Requests in flight when the server died: retried after the restart with the same key and body.</summary>
    public ConcurrentQueue<Op> Unknown { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public int UnknownReplayed => _unknownReplayed;

    public int UnknownApplied => _unknownApplied;

    public int UnknownRefused => _unknownRefused;

    public int ReplaysChecked => _replaysChecked;

    public int TransportErrorsBeforeKill => _transportErrorsBeforeKill;

    public IReadOnlyDictionary<string, int> Refusals => _refusals;

    public void Violation(string what) => Violations.Enqueue(what);

    public void TransportErrorBeforeKill() => Interlocked.Increment(ref _transportErrorsBeforeKill);

    public static async Task<Answer> Send(HttpClient client, string deviceId, Op op, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, op.Path(deviceId))
        {
            Content = new StringContent(op.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", op.ApiKey);
        request.Headers.Add("Idempotency-Key", op.IdempotencyKey);
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        var replayed = response.Headers.TryGetValues("Idempotency-Replay", out var values) && values.Contains("true");
        return new Answer((int)response.StatusCode, replayed, body);
    }

    /// <summary>Records one answer, checking it against the request and against earlier answers for the same key.</summary>
    public void Record(Op op, Answer answer, Source source)
    {
        var tag = $"{op.Kind} key {op.IdempotencyKey} ({source})";
        if (answer.Status == 201)
        {
            RecordCreated(op, answer, source, tag);
            return;
        }
        if (source == Source.ReplayCheck)
        {
            Violation($"{tag}: a replay of an acknowledged request answered {answer.Status}: {answer.Body}");
            return;
        }
        if (answer.Status is 402 or 422)
        {
            var code = ProblemCode(answer.Body);
            var expected = op.Kind == OpKind.Print
                ? code is "insufficient_postage"
                : code is "insufficient_funds" or "reset_exceeds_cap";
            if (!expected)
            {
                Violation($"{tag}: unexpected refusal {answer.Status} {code}: {answer.Body}");
                return;
            }
            _refusals.AddOrUpdate($"{op.Kind.ToString().ToLowerInvariant()}:{code}", 1, (_, n) => n + 1);
            if (source == Source.Retry) Interlocked.Increment(ref _unknownRefused);
            return;
        }
        Violation($"{tag}: HTTP {answer.Status}: {Truncate(answer.Body)}");
    }

    private void RecordCreated(Op op, Answer answer, Source source, string tag)
    {
        string id;
        long pieceNumber = 0;
        try
        {
            using var doc = JsonDocument.Parse(answer.Body);
            var root = doc.RootElement;
            id = root.GetProperty("id").GetString() ?? throw new FormatException("id is null");
            if (op.Kind == OpKind.Print)
            {
                pieceNumber = root.GetProperty("piece_number").GetInt64();
                var postage = MillsOf(root.GetProperty("postage"));
                if (postage != op.Mills) Violation($"{tag}: indicium {id} has postage {Money(postage)}, asked {Money(op.Mills)}");
                var ar = MillsOf(root.GetProperty("ascending_register"));
                var dr = MillsOf(root.GetProperty("descending_register"));
                var total = MillsOf(root.GetProperty("control_total"));
                if (ar + dr != total) Violation($"{tag}: indicium {id} says AR {Money(ar)} + DR {Money(dr)} != control total {Money(total)}");
                if (dr < 0) Violation($"{tag}: indicium {id} says DR {Money(dr)} < 0");
                if (string.IsNullOrEmpty(root.GetProperty("barcode_data").GetString())) Violation($"{tag}: indicium {id} has no barcode data");
            }
            else
            {
                var amount = MillsOf(root.GetProperty("amount"));
                if (amount != op.Mills) Violation($"{tag}: reset {id} has amount {Money(amount)}, asked {Money(op.Mills)}");
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            Violation($"{tag}: unreadable 201 body ({e.Message}): {Truncate(answer.Body)}");
            return;
        }

        var ack = new Ack(op, id, pieceNumber, answer.Body);
        var first = _idByKey.GetOrAdd(op.IdempotencyKey, id);
        var known = op.Kind == OpKind.Print ? Indicia : Resets;
        if (first != id)
        {
            Violation($"{tag}: the same key answered {first} and then {id} — applied twice");
            return;
        }
        switch (source)
        {
            case Source.Live:
                if (answer.Replayed) Violation($"{tag}: a fresh key was answered as a replay ({id})");
                break;
            case Source.Retry:
                if (answer.Replayed) Interlocked.Increment(ref _unknownReplayed);
                else Interlocked.Increment(ref _unknownApplied);
                break;
            case Source.ReplayCheck:
                Interlocked.Increment(ref _replaysChecked);
                if (!answer.Replayed) Violation($"{tag}: the retry of acknowledged {id} lacks Idempotency-Replay: true");
                if (known.TryGetValue(id, out var original) && original.ResponseBody != answer.Body)
                    Violation($"{tag}: the replay of {id} is not byte-identical:\n  first:  {Truncate(original.ResponseBody)}\n  replay: {Truncate(answer.Body)}");
                return;
        }
        if (!known.TryAdd(id, ack)) Violation($"{tag}: id {id} was already acknowledged under another key");
    }

    public static long MillsOf(JsonElement money)
    {
        var amount = money.ValueKind == JsonValueKind.Object ? money.GetProperty("amount").GetString() : money.GetString();
        return ParseMills(amount ?? throw new FormatException("amount is null"));
    }

    public static long ParseMills(string amount) =>
        checked((long)(decimal.Parse(amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) * 1000m));

    public static string Money(long mills) =>
        string.Create(CultureInfo.InvariantCulture, $"{(mills < 0 ? "-" : "")}{Math.Abs(mills) / 1000}.{Math.Abs(mills) % 1000:000}");

    private static string ProblemCode(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("code", out var code) ? code.GetString() ?? "" : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Truncate(string s) => s.Length <= 600 ? s : s[..600] + "…";
}
