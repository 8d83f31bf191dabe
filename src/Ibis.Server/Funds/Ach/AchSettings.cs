using Ibis.Domain.Funds.Ach;

namespace Ibis.Server.Funds.Ach;

/// <summary>
/// The ACH originator of a live installation (Ibis:Payments:Ach:*): the bank that receives the
/// debit file and the company that originates the entries, and the settlement window. Without the
/// originator no debit file is written (ach_originator_not_configured), never one with made-up ids.
/// </summary>
internal sealed class AchSettings(IConfiguration config)
{
    private const string Section = "Ibis:Payments:Ach:";

    /// <summary>Banking days after the effective entry date within which a debit normally comes back returned (R01, R02 …).</summary>
    public const int DefaultSettlementDays = 2;

    public int SettlementDays =>
        int.TryParse(config[Section + "SettlementDays"], System.Globalization.CultureInfo.InvariantCulture, out var days) && days >= 0 ? days : DefaultSettlementDays;

    /// <summary>The originator, or null when a required setting is missing or malformed.</summary>
    public AchOriginator? Originator
    {
        get
        {
            var destination = config[Section + "DestinationRouting"];
            var odfi = config[Section + "OdfiRouting"];
            var companyId = config[Section + "CompanyId"];
            var companyName = config[Section + "CompanyName"];
            if (!AbaRoutingNumber.IsValid(destination) || !AbaRoutingNumber.IsValid(odfi) || companyId is not { Length: >= 1 and <= 10 } || string.IsNullOrWhiteSpace(companyName))
                return null;
            // Immediate origin: 10 characters, by custom "1" and the 9-digit tax id when the company id is one.
            var origin = config[Section + "Origin"] is { Length: 10 } o ? o : companyId.PadLeft(10, ' ');
            return new AchOriginator(destination!, config[Section + "DestinationName"] ?? "", origin, config[Section + "OriginName"] ?? companyName,
                companyName, companyId.PadRight(10, ' '), odfi!);
        }
    }

    /// <summary>The day an entry with this effective date is settled unless returned: <see cref="SettlementDays"/> banking days (Monday–Friday) later.</summary>
    public DateOnly SettlesOn(DateOnly effective)
    {
        var day = effective;
        for (var n = 0; n < SettlementDays;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) n++;
        }
        return day;
    }
}
