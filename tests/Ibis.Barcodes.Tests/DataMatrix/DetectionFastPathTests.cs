using Ibis.Barcodes.DataMatrix.Detection;
using Xunit;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// The vectorised detection helpers (issue 4, speed) against plain per-pixel loops on random rows and
/// images of awkward sizes: same dark runs, same half-size pixels.
/// </summary>
public sealed class DetectionFastPathTests
{
    [Fact]
    public void RowMask_FindsTheSameDarkRunsAsAPixelWalk()
    {
        var random = new Random(4100);
        for (var trial = 0; trial < 500; trial++)
        {
            var width = random.Next(1, 300);
            var row = new byte[width];
            // Runs of random length, so that words and 16-pixel chunks are crossed in every way.
            for (var x = 0; x < width;)
            {
                var length = random.Next(1, 80);
                var value = (byte)random.Next(256);
                for (var k = 0; k < length && x < width; k++, x++) row[x] = value;
            }
            var threshold = (byte)random.Next(1, 256);

            var expected = new List<(int, int)>();
            for (var x = 0; x < width;)
            {
                if (row[x] >= threshold) { x++; continue; }
                var start = x;
                while (x < width && row[x] < threshold) x++;
                expected.Add((start, x));
            }

            var mask = new ulong[RowMask.Words(width)];
            RowMask.Build(row, threshold, mask);
            var actual = new List<(int, int)>();
            for (var x = 0; ;)
            {
                var start = RowMask.NextDark(mask, x, width);
                if (start < 0) break;
                x = RowMask.NextLight(mask, start + 1, width);
                actual.Add((start, x));
            }
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void HalfScale_IsTheRoundedMeanOfEach2x2Block()
    {
        var random = new Random(4200);
        for (var trial = 0; trial < 50; trial++)
        {
            int width = random.Next(2, 120), height = random.Next(2, 40);
            var gray = new byte[width * height];
            random.NextBytes(gray);
            var half = new byte[(width / 2) * (height / 2)];
            HalfScale.Run(gray, width, height, half);
            for (var y = 0; y < height / 2; y++)
            {
                for (var x = 0; x < width / 2; x++)
                {
                    var sum = gray[2 * y * width + 2 * x] + gray[2 * y * width + 2 * x + 1]
                        + gray[(2 * y + 1) * width + 2 * x] + gray[(2 * y + 1) * width + 2 * x + 1];
                    Assert.Equal((sum + 2) >> 2, half[y * (width / 2) + x]);
                }
            }
        }
    }

    [Fact]
    public void PairRows_OddLastColumnPairsWithItself()
    {
        var random = new Random(4400);
        for (var trial = 0; trial < 200; trial++)
        {
            var width = random.Next(1, 90);
            var r0 = new byte[width];
            var r1 = new byte[width];
            random.NextBytes(r0);
            random.NextBytes(r1);
            var cells = new byte[(width + 1) / 2];
            HalfScale.PairRows(r0, r1, cells);
            for (var c = 0; c < cells.Length; c++)
            {
                int a = 2 * c, b = Math.Min(2 * c + 1, width - 1);
                Assert.Equal((r0[a] + r0[b] + r1[a] + r1[b] + 2) >> 2, cells[c]);
            }
        }
    }
}
