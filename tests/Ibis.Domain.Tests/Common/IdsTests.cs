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
}
