using System.Text;

namespace Ibis.Load;

/// <summary>
/// A reply's body as the UTF-8 bytes it arrived in, in a buffer one client reuses from request to request.
/// A batch of 100 answers with about 120 KB; read as a string, every such reply was decoded to UTF-16 and
/// landed on the large-object heap, and the client (which shares the machine with the server it measures)
/// spent more processor time a piece on that than on anything else it does. Decode <see cref="Text"/> only
/// for a message; parse <see cref="Memory"/> as JSON.
/// </summary>
public sealed class ReplyBody
{
    private byte[] bytes = new byte[16 * 1024];

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => bytes.AsMemory(0, Length);

    public ReadOnlySpan<byte> Span => bytes.AsSpan(0, Length);

    public string Text => Encoding.UTF8.GetString(Span);

    public bool Contains(ReadOnlySpan<byte> utf8) => Span.IndexOf(utf8) >= 0;

    /// <summary>Reads the whole body of a reply sent with <see cref="HttpCompletionOption.ResponseHeadersRead"/>.</summary>
    private async Task Read(HttpContent content, CancellationToken ct)
    {
        Length = 0;
        await using var stream = await content.ReadAsStreamAsync(ct);
        while (true)
        {
            if (Length == bytes.Length) Array.Resize(ref bytes, bytes.Length * 2);
            var read = await stream.ReadAsync(bytes.AsMemory(Length), ct);
            if (read == 0) return;
            Length += read;
        }
    }

    /// <summary>
    /// Sends <paramref name="request"/> (disposing it) and reads its reply here; status 0 and the error's message for a
    /// transport error or a timeout. Ticks: from <paramref name="start"/> (a <see cref="System.Diagnostics.Stopwatch"/>
    /// timestamp) to the reply's last byte.
    /// </summary>
    public async Task<(int Status, long Ticks)> Exchange(HttpClient http, HttpRequestMessage request, long start, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                await Read(response.Content, ct);
                return ((int)response.StatusCode, System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }
            catch (HttpRequestException e)
            {
                Set(e.Message);
                return (0, System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                Set("timeout: " + e.Message);
                return (0, System.Diagnostics.Stopwatch.GetTimestamp() - start);
            }
        }
    }

    /// <summary>A transport error's message in place of a body.</summary>
    private void Set(string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        if (count > bytes.Length) bytes = new byte[count];
        Length = Encoding.UTF8.GetBytes(text, bytes);
    }
}
