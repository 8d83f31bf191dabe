using Ibis.Domain.Indicia;

namespace Ibis.Cli.Indicia;

internal static class IndiciumBytes
{
    /// <summary>
    /// Parses barcode bytes as an indicium (format v1 or v2); bytes that are not one stop the command with the
    /// codec's stable error code (the same code the server answers with).
    /// </summary>
    public static IndiciumData ParseOrThrow(byte[] bytes, string source)
    {
        var parsed = IndiciumCodec.Parse(bytes);
        if (!parsed.Success)
            throw new CliException($"{source} does not hold an Ibis indicium: {parsed.ErrorMessage} ({parsed.ErrorCode})");
        return parsed.Value;
    }

    /// <summary>Classic hex dump, 16 bytes a line with the offset, for reading a barcode by eye.</summary>
    public static IEnumerable<string> HexDump(byte[] bytes)
    {
        for (var offset = 0; offset < bytes.Length; offset += 16)
        {
            var line = bytes.Skip(offset).Take(16).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            yield return $"{offset:x4}  {string.Join(' ', line)}";
        }
    }
}
