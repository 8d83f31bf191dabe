using System.Text.RegularExpressions;
using Ibis.Server.Refunds;
using Ibis.Server.Verification;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ibis.Server.Pages;

/// <summary>
/// Anyone can check a stamp (issue 19.8): a photo or scan of an envelope, or the barcode's data typed
/// or pasted, is verified as a postal verifier would (§502.8, the same <see cref="IndiciumVerifier"/> as
/// POST /v1/verifications) and the answer is given in plain words — genuine, for which amount, date
/// and post office, or why not. No sign-in; rate-limited per client address (Hosting/AbusePrevention);
/// nothing is stored but the verdict counts (<see cref="StampCheckCounts"/>).
/// </summary>
[AllowAnonymous]
internal sealed partial class CheckModel(IndiciumVerifier verifier) : PageModel
{
    /// <summary>More stamps than fit on any envelope or page: the rest are not checked.</summary>
    public const int MaxStamps = 10;

    /// <summary>An indicium is a few hundred bytes; its base64 or hex is well under this.</summary>
    public const int MaxDataLength = 8_000;

    public const long MaxPhotoBytes = 10 * 1024 * 1024;

    [BindProperty] public IFormFile? Photo { get; set; }

    [BindProperty] public string? BarcodeData { get; set; }

    public IReadOnlyList<StampVerdict> Verdicts { get; private set; } = [];

    public bool Checked { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var symbols = new List<byte[]>();
        var text = BarcodeData?.Trim() ?? "";
        if (Photo is null or { Length: 0 } && text.Length == 0)
        {
            ModelState.AddModelError(nameof(Photo), "Choose a photo or scan of the envelope, or paste the barcode's data.");
            return Page();
        }
        if (Photo is { Length: > 0 } photo)
        {
            if (photo.Length > MaxPhotoBytes)
            {
                ModelState.AddModelError(nameof(Photo), $"The photo is {photo.Length / 1024 / 1024} MB; at most {MaxPhotoBytes / 1024 / 1024} MB are accepted. A smaller photo of just the stamp works best.");
                return Page();
            }
            using var buffer = new MemoryStream();
            await photo.CopyToAsync(buffer, ct);
            var page = ScannedPages.Read([new ScanUpload(photo.FileName, buffer.ToArray())]).FirstOrDefault();
            if (page is { Readable: true }) symbols.AddRange(page.Symbols);
            else if (text.Length == 0)
                return Answer([StampVerdict.Unreadable(Plain(page?.Error) + " Try a sharper, straight-on photo of the stamp in good light, or paste the barcode's data.")]);
        }
        if (text.Length > 0)
        {
            if (text.Length > MaxDataLength || ParseData(text) is not { } bytes)
            {
                ModelState.AddModelError(nameof(BarcodeData), "The barcode data must be the bytes of the barcode written in base64 or in hexadecimal (as a barcode reader app shows them).");
                return Page();
            }
            symbols.Add(bytes);
        }
        var pieces = await verifier.Verify([.. symbols.Take(MaxStamps).Select(s => (s, (ScanInfo?)null))], VerifierMode.Open, ct);
        return Answer([.. pieces.Select(StampVerdict.Of)]);
    }

    private PageResult Answer(IReadOnlyList<StampVerdict> verdicts)
    {
        Checked = true;
        Verdicts = verdicts;
        foreach (var v in verdicts) StampCheckCounts.Count(v);
        return Page();
    }

    private static string Plain(string? readerError) => readerError switch
    {
        null => "No stamp barcode was found.",
        var e when e.StartsWith("no indicium barcode", StringComparison.Ordinal) => "No stamp barcode was found on the picture.",
        var e when e.StartsWith("not an image", StringComparison.Ordinal) => "The file is not a picture that can be opened (PNG, JPEG or PDF).",
        var e => char.ToUpperInvariant(e[0]) + e[1..] + ".",
    };

    /// <summary>Hexadecimal (spaces and colons allowed) or base64 (standard or URL-safe); null when it is neither.</summary>
    public static byte[]? ParseData(string text)
    {
        var compact = Whitespace().Replace(text, "");
        var hex = compact.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (hex.Length % 2 == 0 && hex.Length > 0 && HexOnly().IsMatch(hex)) return Convert.FromHexString(hex);
        var base64 = compact.Replace('-', '+').Replace('_', '/');
        if (base64.Length % 4 != 0) base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4), '=');
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) && written > 0 ? bytes[..written] : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("^[0-9A-Fa-f]+$")]
    private static partial Regex HexOnly();
}
