using System.Globalization;
using Ibis.Domain.Indicia;
using Ibis.Domain.Money;
using Ibis.Domain.Rates;

namespace Ibis.Cli.Indicia;

/// <summary>Money as the API writes it: {"amount":"12.345","currency":"USD"}.</summary>
internal sealed record MoneyView(string Amount, string Currency)
{
    public static MoneyView Of(Mills m) => new(m.ToString(), "USD");

    public string ToDisplay() => Currency == "USD" ? "$" + Amount : $"{Amount} {Currency}";
}

/// <summary>
/// The decoded data elements, in the same shape as the "indicium" object of
/// <c>POST /v1/verifications</c>, so online and offline output can be read by the same script.
/// </summary>
internal sealed record DecodedIndicium(
    int FormatVersion,
    int AlgorithmId,
    string CertificateSerial,
    string DeviceId,
    MoneyView AscendingRegister,
    MoneyView Postage,
    string MailingDate,
    string LicensingZip,
    string SoftwareId,
    MoneyView DescendingRegister,
    string RateCategory,
    long PieceCount,
    string? DestinationZip)
{
    public static DecodedIndicium Of(IndiciumData d) => new(
        d.FormatVersion,
        d.AlgorithmId,
        d.CertificateSerial.ToString(CultureInfo.InvariantCulture),
        d.Device.ToString(),
        MoneyView.Of(d.AscendingRegister),
        MoneyView.Of(d.Postage),
        d.MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        d.LicensingZip.ToString(),
        $"0x{d.SoftwareId:X8}",
        MoneyView.Of(d.DescendingRegister),
        Domain.Rates.RateCategory.FromCode(d.RateCategory) is { } c ? $"{c.MailClass}/{c.Name}" : $"0x{d.RateCategory:X4}",
        d.PieceCount,
        d.DestinationZip?.ToString());

    public async Task WriteTextAsync(TextWriter w, string indent = "  ")
    {
        foreach (var (label, value) in Rows())
            await w.WriteLineAsync($"{indent}{label,-20}{value}");
    }

    private IEnumerable<(string Label, string Value)> Rows()
    {
        yield return ("Device ID", DeviceId);
        yield return ("Postage", Postage.ToDisplay());
        yield return ("Mailing date", MailingDate);
        yield return ("Rate category", RateCategory);
        yield return ("Licensing ZIP", LicensingZip);
        yield return ("Destination ZIP", DestinationZip ?? "(none)");
        yield return ("Piece count", PieceCount.ToString(CultureInfo.InvariantCulture));
        yield return ("Ascending register", AscendingRegister.ToDisplay());
        yield return ("Descending register", DescendingRegister.ToDisplay());
        yield return ("Certificate serial", CertificateSerial);
        yield return ("Format version", FormatVersion.ToString(CultureInfo.InvariantCulture));
        yield return ("Algorithm", AlgorithmId == IndiciumCodec.AlgorithmEcdsaP256Sha256
            ? $"{AlgorithmId} (ECDSA P-256, SHA-256)"
            : AlgorithmId.ToString(CultureInfo.InvariantCulture));
        yield return ("Software ID", SoftwareId);
    }
}
