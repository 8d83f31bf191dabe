using Ibis.Cli.Daily;
using Xunit;

namespace Ibis.Cli.Tests.Daily;

/// <summary>The batch file: RFC 4180 quoting, line numbers, and every row checked with the domain's parsers.</summary>
public sealed class BatchCsvTests
{
    private const string Today = "2026-12-05";

    [Fact]
    public void QuotedFields_KeepCommasQuotesAndLineBreaks_AndRowsKeepTheirLineNumbers()
    {
        var (rows, problems, count) = BatchCsv.Read("\uFEFFweight_oz,destination_zip,to_name,to_street,to_city,to_state,reference\r\n"
            + "1,20260,\"Doe, Jane\",\"1 Main St\",Washington,DC,\"the \"\"big\"\" order\nline two\"\r\n"
            + "2,10001,,,,,plain\r\n", Today);
        Assert.Empty(problems);
        Assert.Equal(2, count);
        Assert.Equal(2, rows[0].Line);
        Assert.Equal("the \"big\" order\nline two", rows[0].Reference);
        Assert.Equal("Doe, Jane", rows[0].ToAddress!["name"]);
        Assert.Equal(4, rows[1].Line);
        Assert.Null(rows[1].ToAddress);
        Assert.Equal("first_class", rows[1].Category.MailClass);
        Assert.Equal(Today, rows[1].Date);
    }

    [Theory]
    [InlineData("weight_oz,destination_zip\n0,20260", "weight_oz", "weight_invalid")]
    [InlineData("weight_oz,destination_zip\n1,2026", "destination_zip", "zip_invalid")]
    [InlineData("weight_oz,destination_zip,mail_class\n1,20260,parcel", "mail_class", "mail_class_unknown")]
    [InlineData("weight_oz,destination_zip,rate_category\n1,20260,parcel", "rate_category", "rate_category_unknown")]
    [InlineData("weight_oz,destination_zip,mailing_date\n1,20260,2026-12-04", "mailing_date", "mailing_date_in_past")]
    [InlineData("weight_oz,destination_zip,postage\n1,20260,0.7401", "postage", null)]
    [InlineData("weight_oz,destination_zip,medium\n1,20260,napkin", "medium", "medium_unknown")]
    [InlineData("weight_oz,destination_zip,to_name,to_city,to_state\n1,20260,Jane,Washington,DC", "to_street", "to_address_lines_invalid")]
    public void ABadRow_IsNamedByLineColumnAndCode(string csv, string column, string? code)
    {
        var (rows, problems, _) = BatchCsv.Read(csv, Today);
        Assert.Empty(rows);
        var problem = Assert.Single(problems);
        Assert.Equal(2, problem.Line);
        Assert.Equal(column, problem.Column);
        if (code is not null) Assert.Equal(code, problem.Code);
    }

    [Fact]
    public void FromAddressId_IsSentAsTheReturnAddress_OrLeftOutForTheDefault()
    {
        var (rows, problems, _) = BatchCsv.Read("weight_oz,destination_zip,from_address_id\n1,20260,adr_123\n1,20260,\n1,20260,none", Today);
        Assert.Empty(problems);
        Assert.Equal("adr_123", rows[0].Request(Ibis.Domain.Money.Mills.FromMills(740))["from_address_id"]);
        Assert.Null(rows[1].Request(Ibis.Domain.Money.Mills.FromMills(740))["from_address_id"]);
        Assert.Equal("none", rows[2].FromAddressId);
    }

    [Fact]
    public void AnUnknownOrMissingColumn_IsAProblemOfTheHeader()
    {
        var (_, problems, _) = BatchCsv.Read("weight,destination_zip\n1,20260", Today);
        Assert.Contains(problems, p => p is { Line: 1, Code: "column_unknown", Column: "weight" });
        Assert.Contains(problems, p => p is { Line: 1, Code: "column_required", Column: "weight_oz" });
    }
}
