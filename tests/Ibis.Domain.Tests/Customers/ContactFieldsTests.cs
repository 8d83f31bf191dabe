using Ibis.Domain.Customers;
using Xunit;

namespace Ibis.Domain.Tests.Customers;

/// <summary>The contact and identification fields of Form 3601-A and notice 820.100, table-driven.</summary>
public sealed class ContactFieldsTests
{
    [Theory]
    [InlineData("011000015", true)] // 3·(0+0+0) + 7·(1+0+1) + (1+0+5) = 20
    [InlineData("021000021", true)]
    [InlineData("011000016", false)]
    [InlineData("01100001", false)]
    [InlineData("0110000155", false)]
    [InlineData("01100001a", false)]
    [InlineData("", false)]
    public void RoutingNumber_ChecksTheAbaChecksum(string text, bool valid) => Assert.Equal(valid, ContactFields.RoutingNumber(text).Success);

    [Theory]
    [InlineData("202-555-0142", "202-555-0142")]
    [InlineData("(202) 555-0142", "202-555-0142")]
    [InlineData("+1 202 555 0142", "202-555-0142")]
    [InlineData("2025550142", "202-555-0142")]
    public void Phone_IsNormalised(string text, string expected) => Assert.Equal(expected, ContactFields.Phone(text).Value);

    [Theory]
    [InlineData("555-0142")]
    [InlineData("102-555-0142")]
    [InlineData("202-155-0142")]
    [InlineData("202-555-O142")]
    [InlineData("")]
    public void Phone_Refuses(string text) => Assert.Equal("phone_invalid", ContactFields.Phone(text).ErrorCode);

    [Theory]
    [InlineData("jane@mailer.example", true)]
    [InlineData("jane.doe+ibis@mail.example.com", true)]
    [InlineData("jane@", false)]
    [InlineData("jane@localhost", false)]
    [InlineData("Jane <jane@mailer.example>", false)]
    [InlineData("jane @mailer.example", false)]
    public void Email(string text, bool valid) => Assert.Equal(valid, ContactFields.Email(text).Success);

    [Theory]
    [InlineData("DC", true)]
    [InlineData("pr", true)]
    [InlineData("AE", true)]
    [InlineData("XX", false)]
    [InlineData("D", false)]
    public void State(string text, bool valid) => Assert.Equal(valid, ContactFields.State(text).Success);

    [Theory]
    [InlineData("123456789", true)]
    [InlineData("12-345-6789", true)]
    [InlineData("12345678", false)]
    [InlineData("12345678X", false)]
    public void Duns(string text, bool valid) => Assert.Equal(valid, ContactFields.Duns(text).Success);

    [Theory]
    [InlineData("1234", true)]
    [InlineData("0000", false)]
    [InlineData("123-45-6789", false)]
    [InlineData("123456789", false)]
    public void SsnLastFour_NeverTheWholeNumber(string text, bool valid) => Assert.Equal(valid, ContactFields.SsnLastFour(text).Success);

    [Fact]
    public void Masks_ShowOnlyTheLastDigits()
    {
        Assert.Equal("••••1234", ContactFields.Mask("98765432101234"));
        Assert.Equal("••••", CustomerRecordSchema.Display("ssn_last4", "7391"));
        Assert.Equal("Printing", CustomerRecordSchema.Display("industry", "Printing"));
    }

    [Fact]
    public void Schema_HasTheSixCategoriesOfTheNotice_AndRefusesFieldsOutsideThem()
    {
        Assert.Equal(6, CustomerRecordSchema.Categories.Count);
        Assert.Null(CustomerRecordSchema.Check("feedback", "method_of_referral", "trade show"));
        Assert.Equal("field_not_in_category", CustomerRecordSchema.Check("identification", "password", "x")!.Code);
        Assert.Equal("category_unknown", CustomerRecordSchema.Check("hobbies", "chess", "x")!.Code);
        Assert.Equal("identification.ssn_last4", CustomerRecordSchema.Check("identification", "ssn_last4", "12")!.Field);
    }
}
