using System.CommandLine;
using System.Globalization;
using Ibis.Domain;
using Ibis.Domain.Rates;

namespace Ibis.Cli.Daily;

/// <summary>The options that describe one mailpiece, shared by <c>quote</c> and <c>print</c>.</summary>
internal sealed class PieceOptions
{
    public Option<string?> Class { get; } = new("--class") { Description = $"Mail class (P050 1.4): {string.Join(", ", RateCategory.All.Select(c => c.MailClass).Distinct())}." };

    public Option<string?> Category { get; } = new("--category") { Description = "Rate category: letter, flat, postcard (First-Class), single_piece (Priority, Express), letter, flat (Standard)." };

    public Option<decimal?> Weight { get; } = new("--weight") { Description = "Weight in ounces, e.g. 1 or 3.5.", Required = true };

    public Option<string?> To { get; } = new("--to") { Description = "Destination ZIP Code." };

    public Option<string?> From { get; } = new("--from") { Description = "Origin ZIP Code, for zones (default: the licensing post office)." };

    public Option<string?> Date { get; } = new("--date") { Description = "Date of mailing, YYYY-MM-DD (default: today)." };

    public static PieceOptions AddTo(Command command)
    {
        var o = new PieceOptions();
        foreach (var option in new Option[] { o.Class, o.Category, o.Weight, o.To, o.From, o.Date }) command.Options.Add(option);
        command.Validators.Add(r =>
        {
            if (r.GetValue(o.Weight) is <= 0) r.AddError("--weight must be more than 0 ounces");
            foreach (var zip in new[] { o.To, o.From })
                if (r.GetValue(zip) is { } z && !Zip5.Parse(z).Success) r.AddError($"{zip.Name} '{z}' is not a 5-digit ZIP Code");
            if (r.GetValue(o.Date) is { } d && !DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                r.AddError($"--date '{d}' is not a date in the form YYYY-MM-DD");
        });
        return o;
    }

    /// <summary>The class and category, checked here so a typo is a usage error, not a round trip.</summary>
    public static RateCategory Resolve(string? mailClass, string? category)
    {
        var cls = mailClass ?? RateCategory.FirstClass;
        var categories = RateCategory.All.Where(c => c.MailClass == cls).ToList();
        if (categories.Count == 0)
            throw new CliException($"mail class '{cls}' is not offered (P050 1.4); use one of: {string.Join(", ", RateCategory.All.Select(c => c.MailClass).Distinct())}");
        var name = category ?? (categories.Count == 1 ? categories[0].Name : "letter");
        return RateCategory.Find(cls, name)
               ?? throw new CliException($"rate category '{name}' is not offered for {cls}; use one of: {string.Join(", ", categories.Select(c => c.Name))}");
    }
}
