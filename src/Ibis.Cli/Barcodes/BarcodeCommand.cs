using System.CommandLine;

namespace Ibis.Cli.Barcodes;

/// <summary>
/// <c>ibis barcode encode|decode</c>: make and read the barcodes of <c>Ibis.Barcodes</c> without
/// an indicium around them — for label layouts, printer checks and scanner tests.
/// </summary>
internal static class BarcodeCommand
{
    public static Command Create(CliContext context) =>
        new("barcode", "Encode bytes or text as a barcode image, or read the bytes of one.")
        {
            EncodeBarcodeCommand.Create(context),
            DecodeBarcodeCommand.Create(context),
        };
}

/// <summary>The symbologies the <c>barcode</c> commands know, as typed on the command line.</summary>
internal static class Symbologies
{
    public const string DataMatrix = "datamatrix";
    public const string Pdf417 = "pdf417";
    public const string IntelligentMail = "imb";
    public const string Postnet = "postnet";
}
