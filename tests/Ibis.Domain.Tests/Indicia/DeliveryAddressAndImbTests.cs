using Ibis.Domain.Indicia;
using Xunit;

namespace Ibis.Domain.Tests.Indicia;

/// <summary>The recipient address checks and the IMb tracking code structure of USPS-B-3200.</summary>
public sealed class DeliveryAddressAndImbTests
{
    private static DeliveryAddress? Make(out AddressProblem? problem, string? state = "dc", string? zip5 = "20260", string? zip4 = "4000", string? dp = "00",
        string? city = "Washington", string?[]? lines = null, string? name = "Jane Q Mailer") =>
        DeliveryAddress.Create(name, lines ?? ["475 L'Enfant Plz SW"], city, state, zip5, zip4, dp, out problem);

    [Fact]
    public void A_good_address_is_normalised_and_gives_an_11_digit_routing_code()
    {
        var a = Make(out var problem)!;
        Assert.Null(problem);
        Assert.Equal("20260400000", a.RoutingCode);
        Assert.Equal(["JANE Q MAILER", "475 L'ENFANT PLZ SW", "WASHINGTON DC 20260-4000"], a.PrintedLines);
        Assert.Equal("20260", Make(out _, zip4: null, dp: null)!.RoutingCode);      // 5-digit routing code
        Assert.Equal("202604000", Make(out _, dp: null)!.RoutingCode);             // 9-digit routing code
    }

    public static TheoryData<string, Func<(DeliveryAddress?, AddressProblem?)>, string> Bad => new()
    {
        { "unknown state", () => (Make(out var p, state: "XX"), p), "state" },
        { "ZIP of 4 digits", () => (Make(out var p, zip5: "2026"), p), "zip5" },
        { "ZIP+4 in zip5", () => (Make(out var p, zip5: "20260-4000"), p), "zip5" },
        { "ZIP 00000", () => (Make(out var p, zip5: "00000"), p), "zip5" },
        { "ZIP+4 with a letter", () => (Make(out var p, zip4: "40A0"), p), "zip4" },
        { "delivery point of 3 digits", () => (Make(out var p, dp: "001"), p), "delivery_point" },
        { "delivery point without ZIP+4", () => (Make(out var p, zip4: null), p), "delivery_point" },
        { "no name", () => (Make(out var p, name: " "), p), "name" },
        { "no lines", () => (Make(out var p, lines: []), p), "lines" },
        { "four lines", () => (Make(out var p, lines: ["A", "B", "C", "D"]), p), "lines" },
        { "empty line", () => (Make(out var p, lines: ["A", ""]), p), "lines[1]" },
        { "no city", () => (Make(out var p, city: null), p), "city" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void A_bad_address_is_refused_naming_the_field(string name, Func<(DeliveryAddress?, AddressProblem?)> make, string field)
    {
        var (address, problem) = make();
        Assert.Null(address);
        Assert.True(problem?.Field == field, $"{name}: {problem}");
        Assert.StartsWith("to_address_", problem!.Code);
    }

    [Theory]
    [InlineData("123456", true)]
    [InlineData("912345678", true)]
    [InlineData("912345", false)]     // 6-digit mailer IDs never start with 9
    [InlineData("123456789", false)]  // 9-digit mailer IDs always do
    [InlineData("12345", false)]
    public void Mailer_ids_are_6_digits_or_9_starting_with_9(string id, bool ok) => Assert.Equal(ok, ImbTrackingCode.IsMailerId(id));

    [Fact]
    public void Serial_is_device_slot_then_piece_number_and_fills_the_20_digits()
    {
        // 6-digit mailer ID: 9-digit serial = 3-digit device slot + piece number mod 10^6.
        Assert.Equal("042000007", ImbTrackingCode.Serial("899999", 42, 7));
        Assert.Equal("999000000", ImbTrackingCode.Serial("899999", 999, 1_000_000));
        // 9-digit mailer ID: 6-digit serial = 1-digit device slot + piece number mod 10^5.
        Assert.Equal("200007", ImbTrackingCode.Serial("912345678", 2, 7));
        Assert.Equal("900000", ImbTrackingCode.Serial("912345678", 9, 100_000));
        var code = ImbTrackingCode.Build("00", "300", "899999", ImbTrackingCode.Serial("899999", 42, 1));
        Assert.Equal("00300899999042000001", code);
        // Different slots or pieces under one mailer ID give different serials.
        Assert.NotEqual(ImbTrackingCode.Serial("899999", 41, 1), ImbTrackingCode.Serial("899999", 42, 1));
        Assert.NotEqual(ImbTrackingCode.Serial("899999", 42, 1), ImbTrackingCode.Serial("899999", 42, 2));
    }

    [Theory]
    [InlineData("899999", 1000)]
    [InlineData("912345678", 10)]
    public void A_mailer_id_has_one_slot_per_value_of_its_slot_digits(string mailerId, int slots)
    {
        Assert.Equal(slots, ImbTrackingCode.DeviceSlots(mailerId));
        Assert.Equal(15 - mailerId.Length, ImbTrackingCode.Serial(mailerId, slots - 1, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImbTrackingCode.Serial(mailerId, slots, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImbTrackingCode.Serial(mailerId, -1, 0));
    }

    [Fact]
    public void Every_slot_and_piece_number_within_range_gives_a_distinct_serial()
    {
        // Uniqueness by construction: the serial is the pair (slot, piece mod 10^5) for a 9-digit mailer ID.
        var serials = new HashSet<string>();
        for (var slot = 0; slot < 10; slot++)
            for (var piece = 0L; piece < 100_000; piece += 997)
                Assert.True(serials.Add(ImbTrackingCode.Serial("912345678", slot, piece)));
    }

    [Fact]
    public void Running_out_of_slots_is_refused_naming_to_address()
    {
        var rule = new ImbDeviceSlotMustBeFreeRule("912345678", 10, null);
        Assert.True(rule.IsBroken());
        Assert.Equal("imb_serials_exhausted", rule.Code);
        Assert.Equal("to_address", rule.Field);
        Assert.Contains("another mailer ID", rule.Message);
        Assert.False(new ImbDeviceSlotMustBeFreeRule("912345678", 10, 3).IsBroken());
    }

    [Fact]
    public void Build_refuses_a_barcode_id_whose_second_digit_is_above_4() =>
        Assert.Throws<ArgumentException>(() => ImbTrackingCode.Build("05", "300", "899999", "000000001"));
}
