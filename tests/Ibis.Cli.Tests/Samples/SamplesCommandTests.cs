using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ibis.Cli.Tests.Support;
using Ibis.Testing;
using SkiaSharp;
using Xunit;

namespace Ibis.Cli.Tests.Samples;

/// <summary>
/// <c>ibis samples --out DIR</c> writes every medium × variant as a 300 dpi PNG and a PDF with a
/// manifest naming medium, variant, page size and files; every barcode decodes with ZXingReader to
/// the bytes the manifest lists, and verifies offline as a sandbox indicium.
/// </summary>
public sealed class SamplesCommandTests : IClassFixture<SamplesCommandTests.Generated>
{
    private readonly Generated _set;

    public SamplesCommandTests(Generated set) => _set = set;

    /// <summary>One run of the command for the whole class: it renders 42 files.</summary>
    public sealed class Generated : IDisposable
    {
        public Generated()
        {
            Outcome = CliRun.Run("samples", "--out", Dir.Path).GetAwaiter().GetResult();
            var path = Path.Combine(Dir.Path, "manifest.json");
            Manifest = File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)) : null;
        }

        internal TempDir Dir { get; } = new();

        internal CliOutcome Outcome { get; }

        public JsonDocument? Manifest { get; }

        public IEnumerable<JsonElement> Samples => Manifest!.RootElement.GetProperty("samples").EnumerateArray();

        public void Dispose()
        {
            Manifest?.Dispose();
            Dir.Dispose();
        }
    }

    [Fact]
    public void Manifest_names_every_medium_and_variant_with_its_page_size_and_files()
    {
        Assert.True(_set.Outcome.ExitCode == 0, _set.Outcome.ToString());
        Assert.NotNull(_set.Manifest);
        Assert.True(_set.Manifest!.RootElement.GetProperty("sandbox").GetBoolean());
        Assert.Equal(300, _set.Manifest.RootElement.GetProperty("png_dpi").GetInt32());

        string[] media = ["envelope-6-3-4", "envelope-9", "envelope-10", "envelope-6x9", "flat-9x12", "label-4x6", "sheet-label-2-5-8x1"];
        string[] variants = ["standard", "redate", "postage-correction"];
        var pairs = _set.Samples.Select(s => (s.GetProperty("medium").GetString(), s.GetProperty("variant").GetString())).ToList();
        Assert.Equal(media.Length * variants.Length, pairs.Count);
        foreach (var m in media)
            foreach (var v in variants)
                Assert.Contains((m, v), pairs);

        foreach (var sample in _set.Samples)
        {
            var page = sample.GetProperty("page");
            var widthIn = page.GetProperty("width_in").GetDouble();
            var heightIn = page.GetProperty("height_in").GetDouble();
            Assert.Equal(widthIn * 72, page.GetProperty("width_pt").GetDouble(), 3);
            Assert.Equal(heightIn * 72, page.GetProperty("height_pt").GetDouble(), 3);

            var files = sample.GetProperty("files");
            var png = File.ReadAllBytes(Path.Combine(_set.Dir.Path, files.GetProperty("png").GetString()!));
            using (var bitmap = SKBitmap.Decode(png))
            {
                Assert.InRange(bitmap.Width, (int)Math.Round(widthIn * 300), (int)Math.Round(widthIn * 300) + 1);
                Assert.InRange(bitmap.Height, (int)Math.Round(heightIn * 300), (int)Math.Round(heightIn * 300) + 1);
            }

            // The PDF page is the physical size, in points.
            var pdf = Encoding.Latin1.GetString(File.ReadAllBytes(Path.Combine(_set.Dir.Path, files.GetProperty("pdf").GetString()!)));
            var box = Regex.Match(pdf, @"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]");
            Assert.True(box.Success);
            Assert.Equal(page.GetProperty("width_pt").GetDouble(), double.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 2);
            Assert.Equal(page.GetProperty("height_pt").GetDouble(), double.Parse(box.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), 2);

            // P050 4.8, 4.9, 4.12: FIM D on letters and flats with postage; none otherwise.
            var expectedFim = sample.GetProperty("variant").GetString() == "standard" && !sample.GetProperty("medium").GetString()!.Contains("label", StringComparison.Ordinal) ? "D" : "none";
            Assert.Equal(expectedFim, sample.GetProperty("fim").GetString());
            var redate = sample.GetProperty("variant").GetString() == "redate";
            Assert.All(sample.GetProperty("indicia").EnumerateArray(), i => Assert.Equal(redate, i.GetProperty("barcode_hex").ValueKind == JsonValueKind.Null));
        }
    }

    [Fact]
    public void Postage_over_several_sheet_labels_puts_one_indicium_on_each()
    {
        var sheet = _set.Samples.Single(s => s.GetProperty("medium").GetString() == "sheet-label-2-5-8x1" && s.GetProperty("variant").GetString() == "standard");
        var positions = sheet.GetProperty("indicia").EnumerateArray().Select(i => i.GetProperty("sheet_position").GetInt32()).ToList();
        Assert.Equal([1, 2, 3], positions);
    }

    [SkippableFact]
    public void Every_barcode_decodes_with_ZXingReader_to_the_manifest_bytes()
    {
        var zxing = Requires.Tool("ZXingReader", "zxing-cpp-tools");
        var checkedCount = 0;
        foreach (var indicium in Indicia())
        {
            // The indicium image the samples carry next to each page: zxing-cpp searches from the image centre.
            var file = Path.Combine(_set.Dir.Path, indicium.GetProperty("png").GetString()!);
            Assert.Equal(Convert.FromHexString(indicium.GetProperty("barcode_hex").GetString()!),
                Requires.RunForBytes(zxing, "-format", "DataMatrix", "-bytes", file));
            checkedCount++;
        }
        Assert.Equal(2 * 7 + 2, checkedCount); // standard and correction on 7 media, two more labels of the multi-denomination set
    }

    [SkippableFact]
    public void Every_page_and_every_indicium_image_decodes_with_dmtxread()
    {
        var dmtxread = Requires.Tool("dmtxread", "dmtx-utils");
        foreach (var indicium in Indicia())
        {
            var expected = Convert.FromHexString(indicium.GetProperty("barcode_hex").GetString()!);
            Assert.Equal(expected, Requires.RunForBytes(dmtxread, "-N1", Path.Combine(_set.Dir.Path, indicium.GetProperty("png").GetString()!)));
        }
        // libdmtx searches a whole page: the envelope as printed, not only the cut-out.
        var page = Path.Combine(_set.Dir.Path, "envelope-10-standard.png");
        var first = _set.Samples.Single(s => s.GetProperty("files").GetProperty("png").GetString() == "envelope-10-standard.png")
            .GetProperty("indicia")[0].GetProperty("barcode_hex").GetString()!;
        Assert.Equal(Convert.FromHexString(first), Requires.RunForBytes(dmtxread, "-N1", page));
    }

    [Fact]
    public void Indicium_images_are_listed_only_where_there_is_a_barcode()
    {
        foreach (var sample in _set.Samples)
            foreach (var indicium in sample.GetProperty("indicia").EnumerateArray())
            {
                var hasBarcode = indicium.GetProperty("barcode_hex").ValueKind != JsonValueKind.Null;
                Assert.Equal(hasBarcode, indicium.GetProperty("png").ValueKind == JsonValueKind.String);
                if (hasBarcode) Assert.True(File.Exists(Path.Combine(_set.Dir.Path, indicium.GetProperty("png").GetString()!)));
            }
    }

    private IEnumerable<JsonElement> Indicia() =>
        _set.Samples.SelectMany(s => s.GetProperty("indicia").EnumerateArray())
            .Where(i => i.GetProperty("barcode_hex").ValueKind != JsonValueKind.Null);

    [Fact]
    public async Task Samples_verify_offline_as_sandbox_indicia()
    {
        var certificates = Path.Combine(_set.Dir.Path, "sample-certificates.pem");
        var result = await CliRun.Run("verify", Path.Combine(_set.Dir.Path, "envelope-10-standard.png"), "--offline", "--certificate", certificates, "--trust", certificates, "--allow-test");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("test mode", result.Out, StringComparison.Ordinal);
    }
}
