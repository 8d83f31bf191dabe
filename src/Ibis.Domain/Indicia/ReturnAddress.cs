using System.Globalization;

namespace Ibis.Domain.Indicia;

/// <summary>
/// The sender's return address printed in the upper-left corner of an envelope or shipping label
/// (Publication 28: the return address goes in the upper left, clear of the postage and the
/// delivery address). It is matter printed beside the indicium, not part of it: the signed
/// indicium data (P050 4.5) is the same with or without it. Checked as a delivery address is
/// (<see cref="DeliveryAddress.Create"/>): a name or a company, 1 to 3 street lines, city, state,
/// ZIP and optional ZIP+4.
/// </summary>
public sealed record ReturnAddress
{
    private ReturnAddress(string? name, string? company, IReadOnlyList<string> lines, string city, string state, Zip5 zip, string? zip4)
    {
        Name = name;
        Company = company;
        Lines = lines;
        City = city;
        State = state;
        Zip = zip;
        Zip4 = zip4;
    }

    public string? Name { get; }

    public string? Company { get; }

    public IReadOnlyList<string> Lines { get; }

    public string City { get; }

    public string State { get; }

    public Zip5 Zip { get; }

    public string? Zip4 { get; }

    /// <summary>The lines as printed, top down: name, company, street lines, "CITY ST 12345-6789".</summary>
    public IReadOnlyList<string> PrintedLines =>
        [.. Name is null ? [] : new[] { Name }, .. Company is null ? [] : new[] { Company }, .. Lines, $"{City} {State} {Zip}{(Zip4 is null ? "" : "-" + Zip4)}"];

    /// <summary>
    /// Checks and normalises a return address; null and the first problem (codes <c>from_address_…</c>,
    /// field relative to the address: "name", "lines[0]", "zip5" …) when a part is missing or malformed.
    /// </summary>
    public static ReturnAddress? Create(string? name, string? company, IReadOnlyList<string?>? lines, string? city, string? state, string? zip5, string? zip4,
        out AddressProblem? problem)
    {
        problem = null;
        var n = Clean(name);
        var c = Clean(company);
        if (n.Length == 0 && c.Length == 0)
        {
            problem = new AddressProblem("from_address_name_required", "the sender's name or company is required", "name");
            return null;
        }
        if (c.Length > DeliveryAddress.MaxLineLength)
        {
            problem = new AddressProblem("from_address_line_too_long", $"the company is longer than {DeliveryAddress.MaxLineLength} characters", "company");
            return null;
        }
        // The street, city, state and ZIP obey the delivery address's rules; the sender has no delivery point.
        var checkedAddress = DeliveryAddress.Create(n.Length > 0 ? n : c, lines, city, state, zip5, zip4, deliveryPoint: null, out var p);
        if (checkedAddress is null)
        {
            problem = p! with { Code = p!.Code.Replace("to_address_", "from_address_", StringComparison.Ordinal), Message = p.Message.Replace("recipient", "sender", StringComparison.Ordinal) };
            return null;
        }
        return new ReturnAddress(n.Length > 0 ? n : null, c.Length > 0 ? c : null, checkedAddress.Lines, checkedAddress.City, checkedAddress.State,
            checkedAddress.Zip, checkedAddress.Zip4);
    }

    /// <summary>Rebuilds a stored return address (already checked when printed).</summary>
    public static ReturnAddress Stored(string? name, string? company, string lines, string city, string state, string zip5, string? zip4) =>
        new(name, company, lines.Split('\n'), city, state, Zip5.Parse(zip5).Value, zip4);

    /// <summary>Value equality over the lines too (a record compares a list by reference): a batch groups equal pieces by it.</summary>
    public bool Equals(ReturnAddress? other) =>
        other is not null && Name == other.Name && Company == other.Company && Lines.SequenceEqual(other.Lines) && City == other.City
        && State == other.State && Zip == other.Zip && Zip4 == other.Zip4;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(Company);
        foreach (var line in Lines) hash.Add(line);
        hash.Add(City);
        hash.Add(State);
        hash.Add(Zip);
        hash.Add(Zip4);
        return hash.ToHashCode();
    }

    private static string Clean(string? s) => (s ?? "").Trim().ToUpper(CultureInfo.InvariantCulture);
}
