using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Server.Tests.Infrastructure;
using SkiaSharp;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Ibis.Server.Tests.Refunds;

/// <summary>Scans as a licensee would make them: indicium images, a 300-dpi page holding several pieces, a PDF of scanned pages.</summary>
internal static class RefundScans
{
    public static async Task<byte[]> IndiciumPng(HttpClient licensee, string indiciumId)
    {
        var response = await licensee.GetAsync($"/v1/indicia/{indiciumId}.png");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>A Data Matrix of <paramref name="bytes"/> as our printer would draw it (for a tampered copy).</summary>
    public static byte[] BarcodePng(byte[] bytes) => PngWriter.Encode(DataMatrixEncoder.Encode(bytes), pixelsPerModule: 6);

    /// <summary>A US Letter page at 300 dpi (2550 × 3300 px) with the given images pasted down its left side.</summary>
    public static byte[] Page(params byte[][] pieces)
    {
        var info = new SKImageInfo(2550, 3300, SKColorType.Gray8, SKAlphaType.Opaque);
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        var y = 150f;
        foreach (var png in pieces)
        {
            using var image = SKImage.FromEncodedData(png);
            surface.Canvas.DrawImage(image, 300, y, SKSamplingOptions.Default);
            y += image.Height + 400;
        }
        using var snapshot = surface.Snapshot();
        return snapshot.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>A blank 300-dpi page: nothing on it to read.</summary>
    public static byte[] BlankPage() => Page();

    /// <summary>A PDF whose pages are the given scanned images, each filling a Letter page (as a scanner writes them).</summary>
    public static byte[] Pdf(params byte[][] pagePngs)
    {
        var builder = new PdfDocumentBuilder();
        foreach (var png in pagePngs)
        {
            var page = builder.AddPage(PageSize.Letter);
            page.AddPng(png, new PdfRectangle(0, 0, 612, 792));
        }
        return builder.Build();
    }

    public static MultipartFormDataContent Form(string? deviceId, IEnumerable<string> indicia, params (string Name, byte[] Content, string Type)[] files)
    {
        var form = new MultipartFormDataContent();
        if (deviceId is not null) form.Add(new StringContent(deviceId), "device_id");
        foreach (var id in indicia) form.Add(new StringContent(id), "indicia");
        foreach (var (name, content, type) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "scans", name);
        }
        return form;
    }

    public static JsonNode Line(this JsonNode refund, int line) => refund["pieces"]!.AsArray().Single(p => (int)p!["line"]! == line)!;

    public static IEnumerable<JsonNode> Pieces(this JsonNode refund) => refund["pieces"]!.AsArray().Select(p => p!);
}
