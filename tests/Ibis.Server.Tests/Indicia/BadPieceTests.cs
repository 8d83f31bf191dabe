using Ibis.Server.Tests.Infrastructure;
using Ibis.Testing;
using Xunit;

namespace Ibis.Server.Tests.Indicia;

/// <summary>
/// Issue 5 "Bad input": unknown class or category, weight out of the class limits, ZIP Codes the
/// zone chart does not know, variants, media and designs that do not exist — each a clear 4xx with
/// the rule and the field, nothing printed and no postage spent.
/// </summary>
public abstract class BadPieceTests(Func<IbisApp> app)
{
    private IbisApp App => app();

    private static Dictionary<string, object?> P(string mailClass, string category, object weight, params (string, object?)[] more) =>
        MailClassesAndVariantsTests.Piece(mailClass, category, weight, more);

    public static TheoryData<string, Dictionary<string, object?>, int, string, string?> Bad => new()
    {
        { "unknown class", P("periodicals", "letter", 1), 400, "mail_class_unknown", "mail_class" },
        { "priority category", P("priority", "letter", 1, ("destination_zip", "22030")), 400, "rate_category_unknown", "rate_category" },
        { "destination ZIP not in zone chart", P("priority", "single_piece", 8, ("destination_zip", "21301")), 400, "zip_not_in_zone_chart", "destination_zip" },
        { "origin ZIP not in zone chart", P("express", "single_piece", 8, ("origin_zip", "30301"), ("destination_zip", "22030")), 400, "zip_not_in_zone_chart", "origin_zip" },
        // P050 4.5: "Mailed From ZIP Code" must be a ZIP mail leaves from; the zone chart lists every origin.
        { "mailed-from ZIP not in zone chart", P("first_class", "letter", 1, ("mailed_from_zip", "30301")), 400, "zip_not_in_zone_chart", "mailed_from_zip" },
        { "zoned without destination", P("priority", "single_piece", 8), 400, "destination_zip_required", "destination_zip" },
        { "priority above 70 lb", P("priority", "single_piece", 1120.5, ("destination_zip", "22030")), 400, "weight_invalid", "weight_oz" },
        { "standard letter above 3.3 oz", P("standard", "letter", 3.4), 400, "weight_invalid", "weight_oz" },
        { "standard weight zero", P("standard", "flat", 0), 400, "weight_invalid", "weight_oz" },
        { "unknown variant", P("first_class", "letter", 1, ("variant", "reprint")), 400, "variant_unknown", "variant" },
        { "unknown medium", P("first_class", "letter", 1, ("medium", "envelope-11")), 400, "medium_unknown", "medium" },
        { "unknown design", P("first_class", "letter", 1, ("design_id", "dsg_aaaaaaaaaaaaaaaaaaaaaaaa")), 400, "design_unknown", "design_id" },
        { "unknown ad", P("first_class", "letter", 1, ("ad_id", "ad_aaaaaaaaaaaaaaaaaaaaaaaa")), 400, "ad_unknown", "ad_id" },
        { "omit day on first-class", P("first_class", "postcard", 1, ("omit_day", true)), 400, "mailing_date_day_required", "omit_day" },
        { "redate with postage", P("first_class", "letter", 1, ("variant", "redate"), ("postage", "0.740")), 400, "redate_postage_not_allowed", "postage" },
        { "correction without postage", P("first_class", "letter", 1, ("variant", "postage_correction")), 400, "postage_required", "postage" },
        { "correction of someone else's indicium", P("first_class", "letter", 1, ("variant", "postage_correction"), ("postage", "0.100"), ("corrects_indicium_id", "ind_aaaaaaaaaaaaaaaaaaaaaaaa")), 400, "indicium_unknown", "corrects_indicium_id" },
        { "bad mailed-from ZIP", P("first_class", "letter", 1, ("mailed_from_zip", "2081")), 400, "zip_invalid", "mailed_from_zip" },
        { "priority below the zone price", P("priority", "single_piece", 8, ("destination_zip", "99501"), ("postage", "9.250")), 422, "postage_below_rate", "postage" },
    };

    [SkippableTheory]
    [MemberData(nameof(Bad))]
    public async Task BadPiece_GetsProblemJson_AndRegistersStayPut(string name, Dictionary<string, object?> body, int status, string code, string? field)
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var before = await (await client.GetAsync($"/v1/devices/{who.DeviceId}")).Body();
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia", body), status, code, field, name);
        var after = await (await client.GetAsync($"/v1/devices/{who.DeviceId}")).Body();
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [SkippableFact]
    public async Task BadPieceInABatch_NamesThePiece_AndPrintsNothing()
    {
        var who = await App.NewLicensee();
        var client = App.ClientFor(who.ApiKey);
        var body = new { pieces = new[] { P("first_class", "letter", 1), P("priority", "single_piece", 8, ("destination_zip", "26901")) } };
        await BadInputTests.AssertProblem(await client.PostJson($"/v1/devices/{who.DeviceId}/indicia/batch", body), 400, "zip_not_in_zone_chart", "pieces[1].destination_zip", "batch");
        Assert.Equal(0, (long)(await (await client.GetAsync($"/v1/devices/{who.DeviceId}")).Body())["piece_count"]!);
    }
}

[Collection("sqlite")]
public sealed class SqliteBadPieceTests(SqliteAppFixture f) : BadPieceTests(() => f.App), IClassFixture<SqliteAppFixture>;

[Collection("postgres")]
public sealed class PostgresBadPieceTests(PostgresAppFixture f) : BadPieceTests(() => f.App), IClassFixture<PostgresAppFixture>;
