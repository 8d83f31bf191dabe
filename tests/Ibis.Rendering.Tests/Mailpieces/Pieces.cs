using Ibis.Barcodes.DataMatrix;
using Ibis.Rendering.Mailpieces;
using Ibis.Domain.Indicia;

namespace Ibis.Rendering.Tests.Mailpieces;

/// <summary>Requests for every medium and variant, with a real (decodable) Data Matrix per seed.</summary>
internal static class Pieces
{
    public static byte[] Payload(int seed)
    {
        var bytes = new byte[124];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static IndiciumContent Content(int seed = 1, IndiciumVariant variant = IndiciumVariant.Standard, bool sample = true) => new(
        PostOffice: PostOfficeLine.Licensing("BETHESDA", "MD", "20814"),
        DeviceId: "IB-0001-00000042",
        MailingDate: new DateOnly(2026, 11, 23),
        ShowDay: true,
        RateCategory: "FCM LETTER",
        PostageText: "$0.740",
        Barcode: variant == IndiciumVariant.Redate ? null : DataMatrixEncoder.Encode(Payload(seed)),
        Sample: sample,
        // P050 4.11: on a sheet label the indicium carries its class marking itself (other media print it on the piece).
        ClassMarking: "FIRST-CLASS MAIL");

    public static MailpieceRequest Request(Medium medium, IndiciumVariant variant, int seed = 1) =>
        MailpieceRequest.For(Content(seed, variant), medium, variant);

    public static IEnumerable<object[]> EveryMediumAndVariant() =>
        from medium in Enum.GetValues<Medium>()
        from variant in Enum.GetValues<IndiciumVariant>()
        select new object[] { medium, variant };

    public static readonly RecipientAddress Recipient = new(
        ["JANE Q MAILER", "475 L'ENFANT PLZ SW RM 4000", "WASHINGTON DC 20260-4000"],
        ImbTrackingCode: "00270123456200800001",
        ImbRoutingCode: "20260400000");
}
