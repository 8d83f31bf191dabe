using CsCheck;
using Xunit;

namespace Ibis.Domain.Tests.Common;

/// <summary>Prefixed resource ids: prefix, underscore, 24 lower-case base32 characters (120 random bits).</summary>
public sealed class IdsTests
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    [Theory]
    [InlineData("psd")]
    [InlineData("ind")]
    [InlineData("lic")]
    [InlineData("rst")]
    public void New_HasPrefixUnderscoreAnd24Base32Characters(string prefix)
    {
        var id = Ids.New(prefix);
        Assert.StartsWith(prefix + "_", id, StringComparison.Ordinal);
        var rest = id[(prefix.Length + 1)..];
        Assert.Equal(24, rest.Length);
        Assert.All(rest, c => Assert.Contains(c, Base32));
        Assert.True(Ids.HasShape(id, prefix));
    }

    [Fact]
    public void New_IsUniqueOver10000Ids()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New("ind")).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(10_000, ids.Count);
    }

    [Fact]
    public void New_UsesTheWholeAlphabetInEveryPosition()
    {
        // 24 × 5 bits must all be random: every position sees every one of the 32 characters.
        var seen = new HashSet<char>[24];
        for (var i = 0; i < seen.Length; i++) seen[i] = [];
        for (var n = 0; n < 4_000; n++)
        {
            var rest = Ids.New("x")[2..];
            for (var i = 0; i < 24; i++) seen[i].Add(rest[i]);
        }
        Assert.All(seen, s => Assert.Equal(32, s.Count));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("psd_")]
    [InlineData("psd_aaaaaaaaaaaaaaaaaaaaaaa")]   // 23
    [InlineData("psd_aaaaaaaaaaaaaaaaaaaaaaaaa")] // 25
    [InlineData("psd_AAAAAAAAAAAAAAAAAAAAAAAA")]  // upper case
    [InlineData("psd_aaaaaaaaaaaaaaaaaaaaaaa1")]  // 1 is not base32
    [InlineData("psd_aaaaaaaaaaaaaaaaaaaaaaa8")]  // nor 8
    [InlineData("psd-aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("ind_aaaaaaaaaaaaaaaaaaaaaaaa")]  // another prefix
    [InlineData("psdx_aaaaaaaaaaaaaaaaaaaaaaa")]
    public void HasShape_OfMalformedOrForeignIds_IsFalse(string? id)
    {
        Assert.False(Ids.HasShape(id, "psd"));
    }

    [Fact]
    public void HasShape_OfAnIdWithAnotherPrefix_IsFalse()
    {
        Assert.False(Ids.HasShape(Ids.New("ind"), "psd"));
        Assert.False(Ids.HasShape(Ids.New("psd"), "ps"));
    }

    [Fact]
    public void Ordered_HasTheShapeOfAnyId()
    {
        var id = Ids.Ordered("ind", new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero));
        Assert.True(Ids.HasShape(id, "ind"));
        Assert.All(id[4..], c => Assert.Contains(c, Base32));
    }

    [Fact]
    public void Ordered_SortsOrdinallyInTheOrderOfTheirTimes()
    {
        // Issue 17: a later id sorts after an earlier one (to the millisecond), so an id index grows at its right edge.
        var times = Gen.Long[0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()];
        Gen.Select(times, times).Sample((a, b) =>
        {
            var x = Ids.Ordered("ind", DateTimeOffset.FromUnixTimeMilliseconds(a));
            var y = Ids.Ordered("ind", DateTimeOffset.FromUnixTimeMilliseconds(b));
            Assert.Equal(a.CompareTo(b), Math.Sign(string.CompareOrdinal(x[..14], y[..14])));
            if (a != b) Assert.Equal(a.CompareTo(b), Math.Sign(string.CompareOrdinal(x, y)));
        });
    }

    [Fact]
    public void Ordered_InOneMillisecond_IsUniqueAndRandomInItsLastFourteenCharacters()
    {
        var at = new DateTimeOffset(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.Ordered("ind", at)).ToList();
        Assert.Equal(10_000, ids.ToHashSet(StringComparer.Ordinal).Count);
        Assert.Single(ids.Select(i => i[..14]).Distinct()); // "ind_" and the ten characters of the time
        for (var i = 14; i < 28; i++)
        {
            var position = i;
            Assert.Equal(32, ids.Select(id => id[position]).Distinct().Count());
        }
    }

    [Fact]
    public void Ordered_BeforeTheEpoch_SortsAsTheEpoch()
    {
        var id = Ids.Ordered("ind", DateTimeOffset.UnixEpoch.AddDays(-1));
        Assert.Equal("ind_2222222222", id[..14]);
    }
}
