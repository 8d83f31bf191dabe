using System.CommandLine;
using System.CommandLine.Parsing;

namespace Ibis.Cli.Scanning;

internal static class InputValidation
{
    /// <summary>A command reads one indicium: from a file or from --data, never both or neither.</summary>
    public static void ExactlyOneSource(CommandResult result, Argument<FileInfo?> file, Option<string?> data)
    {
        var hasFile = result.GetValue(file) is not null;
        var hasData = result.GetValue(data) is not null;
        if (hasFile && hasData) result.AddError("give either a file or --data, not both");
        else if (!hasFile && !hasData) result.AddError("give an image or binary file of the indicium, or --data BASE64");
    }
}
