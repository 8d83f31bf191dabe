using System.Globalization;

namespace Ibis.Load;

/// <summary>
/// Weighted choices parsed from <c>name=weight,name=weight</c> (e.g. <c>print=80,batch=10,reset=5,verify=5</c>):
/// each draw picks a name with probability weight / total. Unknown names, negative or non-numeric weights,
/// repeated names and an all-zero total are refused with a message naming the option.
/// </summary>
public sealed class WeightedChoice
{
    private readonly string[] names;
    private readonly double[] cumulative;

    private WeightedChoice(string[] names, double[] weights)
    {
        this.names = names;
        Weights = weights;
        cumulative = new double[weights.Length];
        double sum = 0;
        for (var i = 0; i < weights.Length; i++) cumulative[i] = sum += weights[i];
        Total = sum;
    }

    public IReadOnlyList<double> Weights { get; }
    public IReadOnlyList<string> Names => names;
    public double Total { get; }

    /// <summary>The share of <paramref name="name"/> in [0, 1] (0 when absent).</summary>
    public double Share(string name) => Array.IndexOf(names, name) is var i and >= 0 ? Weights[i] / Total : 0;

    /// <summary>Parses <paramref name="text"/>; <paramref name="allowed"/> lists the names it may use.</summary>
    public static WeightedChoice Parse(string text, IReadOnlyCollection<string> allowed, string option, out string? error)
    {
        error = null;
        var names = new List<string>();
        var weights = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            var name = (eq < 0 ? part : part[..eq]).Trim().ToLowerInvariant();
            if (!allowed.Contains(name)) { error = $"{option}: unknown name '{name}' (one of {string.Join(", ", allowed)})"; break; }
            if (names.Contains(name)) { error = $"{option}: '{name}' given twice"; break; }
            if (eq < 0 || !double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !double.IsFinite(w) || w < 0)
            { error = $"{option}: '{part}' needs a weight that is a number ≥ 0, e.g. {name}=80"; break; }
            names.Add(name);
            weights.Add(w);
        }
        if (error is null && weights.Sum() <= 0) error = $"{option}: the weights add up to 0; give at least one a positive weight";
        return error is null ? new WeightedChoice([.. names], [.. weights]) : new WeightedChoice(["?"], [1]);
    }

    /// <summary>The name drawn for <paramref name="u"/> uniform in [0, 1).</summary>
    public string Pick(double u)
    {
        var x = u * Total;
        for (var i = 0; i < cumulative.Length; i++)
            if (x < cumulative[i] && Weights[i] > 0) return names[i];
        // u just below 1 with rounding: the last name with a positive weight.
        for (var i = names.Length - 1; i >= 0; i--) if (Weights[i] > 0) return names[i];
        return names[^1];
    }

    public override string ToString() => string.Join(',', names.Select((n, i) => n + "=" + Weights[i].ToString("0.##", CultureInfo.InvariantCulture)));
}

/// <summary>The operations of a mixed run, and the piece shapes (mail classes) its prints draw from.</summary>
public static class MixNames
{
    public const string Print = "print";
    public const string Batch = "batch";
    public const string Reset = "reset";
    public const string Verify = "verify";

    public static readonly string[] Operations = [Print, Batch, Reset, Verify];

    public const string DefaultMix = "print=80,batch=10,reset=5,verify=5";

    /// <summary>Letters mostly, as mail is; Priority (about $9 a piece) rarely, so that postage lasts.</summary>
    public const string DefaultClasses = "letter=70,flat=15,postcard=10,priority=5";
}

/// <summary>A piece shape the driver prints: P050 1.4 classes as the loaded rate table prices them.</summary>
public sealed record PieceShape(string Name, string MailClass, string RateCategory, decimal WeightOz, string? DestinationZip)
{
    /// <summary>Destination 20001 from a Washington DC licensing post office (origin 202xx): zone 1 for Priority.</summary>
    public static readonly PieceShape[] Known =
    [
        new("letter", "first_class", "letter", 1m, null),
        new("flat", "first_class", "flat", 1m, null),
        new("postcard", "first_class", "postcard", 1m, null),
        new("priority", "priority", "single_piece", 2m, "20001"),
    ];

    public static IReadOnlyCollection<string> Names => [.. Known.Select(s => s.Name)];

    public static PieceShape Named(string name) => Known.Single(s => s.Name == name);

    /// <summary>The print body without postage: the server prices the piece from the table in force.</summary>
    public string Json(DateOnly mailingDate) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"mail_class\":\"{MailClass}\",\"rate_category\":\"{RateCategory}\",\"weight_oz\":{WeightOz},\"mailing_date\":\"{mailingDate:yyyy-MM-dd}\"{(DestinationZip is null ? "" : $",\"destination_zip\":\"{DestinationZip}\"")}}}");
}
