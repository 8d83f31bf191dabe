using Ibis.Barcodes.Imaging;
using Xunit;

namespace Ibis.Barcodes.Tests.Imaging;

/// <summary>The vectorised run split of the PDF417 scanner and the Data Matrix component labelling (issue 4, speed) against a pixel walk.</summary>
public sealed class RowRunsTests
{
    [Fact]
    public void Split_FindsEveryChangeAPixelWalkFinds()
    {
        var random = new Random(4300);
        for (var trial = 0; trial < 500; trial++)
        {
            var row = new byte[random.Next(1, 200)];
            for (var x = 0; x < row.Length;)
            {
                var length = random.Next(1, trial % 2 == 0 ? 4 : 40);
                var value = (byte)random.Next(2);
                for (var k = 0; k < length && x < row.Length; k++, x++) row[x] = value;
            }
            var expected = new List<int> { 0 };
            for (var x = 1; x < row.Length; x++) if (row[x] != row[x - 1]) expected.Add(x);

            var bounds = new int[row.Length + 1];
            var n = RowRuns.Split(row, bounds);
            Assert.Equal(expected, bounds[..n]);
        }
    }
}
