using System.Globalization;
using System.Text;
using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Licensing;
using Ibis.Domain.Rates;
using Ibis.Server.Api;
using Ibis.Server.UseCases;
using Ibis.Server.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.OpenApi;

namespace Ibis.Server.Rates;

/// <summary>
/// Price lists (P050 1.5, §502.22(b)). Only the Postal Service loads them: it sets the prices, and
/// the amount due (P050 1.5) is what its list says. §502.22(b) obliges the provider to bring rate
/// changes to its licensees' systems, which Ibis does by pricing every piece from the list in force
/// on its date of mailing — so a provider has nothing to load, and a list it loaded could set the
/// postage its own licensees pay. Licensees and providers read the lists.
/// </summary>
public static class RatesApi
{
    public const long MaxDocumentBytes = 8 * 1024 * 1024;

    public static void MapRates(this RouteGroupBuilder api)
    {
        var v1 = api.MapGroup("").WithTags("Rates"); // one tag per module in the API reference
        v1.MapPost("/rate-tables", Import)
            .WithName("ImportRateTable").Idempotent()
            .WithSummary("Postal Service: load a price list (the JSON format of docs/rate-tables.md). It applies to pieces mailed on or after its effective date.")
            .Produces<RateTableView>(StatusCodes.Status201Created)
            .ProducesProblem(400).ProducesProblem(403).ProducesProblem(409);
        v1.MapGet("/rate-tables", List)
            .WithName("ListRateTables")
            .WithSummary("The price lists loaded, in order of effective date, with the one in force today marked.")
            .Paged<RateTableView>();
        v1.MapGet("/rate-tables/{id}", Get)
            .WithName("GetRateTable")
            .WithSummary("One price list as loaded (the document itself).")
            .ProducesProblem(404);
        v1.MapGet("/rates/quote", Quote)
            .WithName("QuoteRate")
            .WithSummary("The amount due for a piece, without printing anything: for mail_class and rate_category, or — leave rate_category (and mail_class) out — for every category at once. Defaults as print: mailing_date today, the origin of a zone-priced piece the licensing post office (of device_id, or the licensee's license). A live device is never priced from a SAMPLE list.")
            .WithQuery("weight_oz", "The piece's weight in ounces.", JsonSchemaType.Number, required: true)
            .WithQuery("mail_class", "The class; leave out (with rate_category) for every class.", enumeration: RateCategory.All.Select(c => c.MailClass).Distinct().ToList())
            .WithQuery("rate_category", "The rate category of the class; leave out for every category.", enumeration: RateCategory.All.Select(c => c.Name).Distinct().ToList())
            .WithQuery("mailing_date", "The date of mailing (default today).", format: "date")
            .WithQuery("origin_zip", "Where the piece enters the mail (default: the licensing post office).")
            .WithQuery("destination_zip", "Where it goes; needed by zone-priced classes.")
            .WithQuery("device_id", "Price for this device (its mode and license).")
            .Produces<QuoteListView>().ProducesProblem(400).ProducesProblem(422);
    }

    private static async Task<IResult> Import(HttpContext http, LoadPriceList load, CancellationToken ct)
    {
        if (http.Request.ContentType is null || !http.Request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ApiException(415, "unsupported_media_type", "send the price list as application/json");
        if (http.Request.ContentLength > MaxDocumentBytes)
            throw ApiException.Invalid("rate_table_too_large", $"a price list is at most {MaxDocumentBytes / 1024 / 1024} MB", "body");
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(ct);
        if (json.Length > MaxDocumentBytes) throw ApiException.Invalid("rate_table_too_large", "the price list is too large", "body");
        var view = await load.Handle(Caller.From(http.User), json, ct);
        return Results.Created($"/v1/rate-tables/{view.Id}", view);
    }

    private static async Task<IResult> List(HttpContext http, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var inForce = await db.RateTables.AsNoTracking().Where(t => t.EffectiveOn <= today)
            .OrderByDescending(t => t.EffectiveOn).ThenByDescending(t => t.Id).Select(t => t.Id).FirstOrDefaultAsync(ct);
        return Results.Ok(await Lists.Page(db.RateTables.AsNoTracking(), PageQuery.Read(http.Request),
            new ListOrder<Ibis.Data.Entities.RateTableRow, DateOnly>(t => t.EffectiveOn, t => t.Id, Descending: false, Created: t => t.ImportedAt),
            r => RateTableView.From(r, r.Id == inForce), ct));
    }

    private static async Task<IResult> Get(string id, IbisDb db, CancellationToken ct)
    {
        var row = await db.RateTables.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw ApiException.NotFound("rate_table", id);
        return Results.Text(row.Document, "application/json");
    }

    /// <summary>
    /// The amount due for a piece on its date of mailing — for one class and category, or (without
    /// them, or with only mail_class) for every category the piece could go as, in one call. The
    /// defaults are print's: the origin of a zone-priced piece is the licensing post office (of
    /// device_id's license, or the licensee's), and the mailing date, when left out, is today.
    /// </summary>
    private static async Task<IResult> Quote(HttpContext http, RateTables tables, IbisDb db, TimeProvider clock, CancellationToken ct)
    {
        var q = http.Request.Query;
        var errors = new ValidationErrors();
        string? mailClass = q["mail_class"], categoryName = q["rate_category"];
        var categories = string.IsNullOrEmpty(categoryName)
            ? errors.Try(() => PieceInput.Categories(mailClass))
            : errors.Try(() => (IReadOnlyList<RateCategory>)[PieceInput.Category(mailClass, categoryName)]);
        decimal weight = 0;
        if (string.IsNullOrEmpty(q["weight_oz"]))
            errors.Add("weight_required", "weight_oz is required (a number of ounces)", "weight_oz");
        else if (!decimal.TryParse(q["weight_oz"], NumberStyles.Number, CultureInfo.InvariantCulture, out weight))
            errors.Add("weight_invalid", "weight_oz is a number of ounces such as 1 or 2.5", "weight_oz");
        var date = string.IsNullOrEmpty(q["mailing_date"]) ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) : errors.Try(() => PieceInput.Date(q["mailing_date"]));
        var originInput = errors.Try(() => PieceInput.Zip(q["origin_zip"], "origin_zip"));
        var destination = errors.Try(() => PieceInput.Zip(q["destination_zip"], "destination_zip"));
        errors.ThrowIfAny();

        var caller = Caller.From(http.User);
        var (live, licensingZip) = await QuoteContext(caller, q["device_id"], db, ct);
        var (id, table) = await tables.On(date, ct);
        Rules.Check(new SampleRateTableRule(table.Name, table.Sample, live)); // a SAMPLE list never prices live postage
        var origin = originInput ?? licensingZip;
        var quotes = new List<QuoteView>();
        var unavailable = new List<UnavailableRateView>();
        foreach (var category in categories!)
        {
            try
            {
                int? zone = null;
                if (category.PricedByZone)
                {
                    var from = origin ?? throw ApiException.Invalid("origin_zip_required", "origin_zip is required for zone-priced classes (or give device_id: its licensing post office is the origin)", "origin_zip");
                    var to = destination ?? throw ApiException.Invalid("destination_zip_required", $"{category.MailClass} is priced by zone: destination_zip is required", "destination_zip");
                    zone = table.ZoneFor(from, to);
                }
                var due = table.AmountDue(category, weight, zone);
                quotes.Add(new QuoteView("quote", category.MailClass, category.Name, weight.ToString(CultureInfo.InvariantCulture), zone, MoneyView.Of(due), id, table.Name, table.Sample));
            }
            catch (Exception e) when (categories.Count > 1 && (e is ApiException or BusinessRuleViolationException))
            {
                // One call for every class: a category this piece cannot go as is listed with the reason, not an error.
                var (code, message) = e is ApiException a ? (a.Code, a.Message) : (((BusinessRuleViolationException)e).Rule.Code, e.Message);
                unavailable.Add(new UnavailableRateView(category.MailClass, category.Name, code, message));
            }
        }
        if (categories.Count == 1) return Results.Ok(quotes[0]);
        return Results.Ok(new QuoteListView("list", quotes, false, unavailable));
    }

    /// <summary>
    /// Whether a quote prices live postage, and the licensing post office a zone-priced piece leaves from
    /// by default (as print: P050 5.3): for the device named by device_id (one the caller may use), that
    /// device's mode and license; without one, the caller's own: a live API key, or a licensee that is not
    /// in the sandbox, and the licensee's valid license.
    /// </summary>
    private static async Task<(bool Live, Zip5? LicensingZip)> QuoteContext(Caller caller, string? deviceId, IbisDb db, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(deviceId))
        {
            var (device, license) = await Devices.DeviceAccess.LoadOwned(db, caller, deviceId, ct);
            return (!device.Sandbox, ZipOf(license.PostOfficeZip));
        }
        string? licenseZip = null;
        if (caller.LicenseeId is { } licensee)
            licenseZip = await db.Licenses.AsNoTracking().Where(l => l.LicenseeId == licensee && l.Status == LicenseStatus.Valid)
                .OrderByDescending(l => l.IssuedAt).Select(l => l.PostOfficeZip).FirstOrDefaultAsync(ct);
        var live = caller.ViaApiKey
            ? !caller.TestMode
            : caller.LicenseeId is { } licenseeId && await db.Licensees.AnyAsync(l => l.Id == licenseeId && !l.Sandbox, ct);
        return (live, ZipOf(licenseZip));
    }

    private static Zip5? ZipOf(string? text) => text is not null && Zip5.Parse(text) is { Success: true } zip ? zip.Value : null;
}

/// <summary>Parsing shared by the print request and the quote: class/category, date, ZIP Codes.</summary>
public static class PieceInput
{
    public static RateCategory Category(string? mailClass, string? categoryName)
    {
        if (string.IsNullOrEmpty(mailClass)) throw ApiException.Invalid("mail_class_required", $"mail_class is required ({Classes})", "mail_class");
        Rules.Check(new MailClassMustBeOfferedRule(mailClass));
        var names = string.Join(", ", RateCategory.All.Where(c => c.MailClass == mailClass).Select(c => c.Name));
        if (string.IsNullOrEmpty(categoryName)) throw ApiException.Invalid("rate_category_required", $"rate_category is required ({names})", "rate_category");
        return RateCategory.Find(mailClass, categoryName)
               ?? throw ApiException.Invalid("rate_category_unknown", $"rate category '{categoryName}' is not offered for {mailClass}; use one of: {names}", "rate_category");
    }

    /// <summary>Every rate category of <paramref name="mailClass"/>, or of every class when it is empty.</summary>
    public static IReadOnlyList<RateCategory> Categories(string? mailClass)
    {
        if (string.IsNullOrEmpty(mailClass)) return RateCategory.All.ToList();
        Rules.Check(new MailClassMustBeOfferedRule(mailClass));
        return RateCategory.All.Where(c => c.MailClass == mailClass).ToList();
    }

    private static string Classes => string.Join(", ", RateCategory.All.Select(c => c.MailClass).Distinct());

    public static DateOnly Date(string? text)
    {
        if (string.IsNullOrEmpty(text)) throw ApiException.Invalid("mailing_date_required", "mailing_date is required (YYYY-MM-DD)", "mailing_date");
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw ApiException.Invalid("mailing_date_invalid", $"'{text}' is not a date in the form YYYY-MM-DD", "mailing_date");
        return date;
    }

    public static Zip5? Zip(string? text, string field)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var zip = Zip5.Parse(text);
        if (!zip.Success) throw ApiException.FromParse(zip, field);
        return zip.Value;
    }
}

public sealed record RateTableView(string Id, string Object, string Name, string Effective, bool Sample, bool InForce,
    IReadOnlyList<string> Categories, bool HasZoneChart, string Sha256, string ImportedBy, DateTimeOffset ImportedAt)
{
    public static RateTableView From(RateTableRow r, bool inForce)
    {
        var table = RateTables.Parse(r.Id, r.Document);
        return new(r.Id, "rate_table", r.Name, r.EffectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Sample, inForce,
            table.Prices.Select(p => $"{p.Category.MailClass}/{p.Category.Name}").ToList(), table.Zones is not null, r.Sha256, r.ImportedBy, r.ImportedAt);
    }
}


/// <summary>Every rate a piece could be sent at (GET /v1/rates/quote without rate_category), and the categories it cannot go as, with the reason.</summary>
public sealed record QuoteListView(string Object, IReadOnlyList<QuoteView> Data, bool HasMore, IReadOnlyList<UnavailableRateView> Unavailable);

public sealed record UnavailableRateView(string MailClass, string RateCategory, string Code, string Message);

public sealed record QuoteView(string Object, string MailClass, string RateCategory, string WeightOz, int? Zone, MoneyView AmountDue,
    string RateTableId, string RateTable, bool Sample);
