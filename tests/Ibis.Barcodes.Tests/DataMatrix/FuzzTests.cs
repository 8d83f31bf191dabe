using System.Diagnostics;
using Ibis.Barcodes.DataMatrix;
using Ibis.Barcodes.Imaging;
using Ibis.Barcodes.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ibis.Barcodes.Tests.DataMatrix;

/// <summary>
/// Issue 4, fuzzing: hostile buffers and images never make the reader (or the grader) throw or hang,
/// and never produce bytes out of nothing. The work cap is inside the reader; the stopwatch only
/// guards against a hang.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    // A hang guard, not a speed assertion (speed is measured in bench/): generous for a busy 2-core CI box.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(120);

    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 1 }, { 0, 0, 0 }, { 0, 5, 0 }, { 5, 0, 0 }, { -3, 4, 12 }, { 4, -3, 12 },
        { 3, 3, 8 }, { 1, 1000, 1000 }, { 1000, 1, 1000 }, { 17, 16, 272 }, { 46341, 46341, 16 },
        { int.MaxValue, 2, 16 }, { 2, int.MinValue, 16 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DegenerateShapes_FailCleanly(int width, int height, int bufferLength)
    {
        var buffer = new byte[bufferLength];
        new Random(width ^ height).NextBytes(buffer);
        var result = DataMatrixReader.Read(buffer, width, height);
        Assert.False(result.Success);
        Assert.False(string.IsNullOrEmpty(result.Error));
        Assert.Empty(result.Corners);
        Assert.Equal(QualityGrade.F, DataMatrixQuality.Grade(buffer, width, height).Overall);
    }

    [Fact]
    public void RandomImages_NeverThrow_NorDecodeNoise()
    {
        var random = new Random(4040);
        var watch = Stopwatch.StartNew();
        var worst = TimeSpan.Zero;
        for (var i = 0; i < 400; i++)
        {
            int width = random.Next(1, 400), height = random.Next(1, 400);
            var pixels = new byte[width * height];
            switch (i % 5)
            {
                case 0:
                    random.NextBytes(pixels);
                    break;
                case 1: // smooth blobs: random low-resolution noise scaled up
                    var cell = random.Next(2, 30);
                    var coarse = new byte[(width / cell + 1) * (height / cell + 1)];
                    random.NextBytes(coarse);
                    for (var y = 0; y < height; y++)
                        for (var x = 0; x < width; x++) pixels[y * width + x] = coarse[y / cell * (width / cell + 1) + x / cell];
                    break;
                case 2: // random dark rectangles and L shapes at random angles are drawn as filled squares on white
                    Array.Fill(pixels, (byte)255);
                    for (var k = 0; k < 30; k++)
                    {
                        int x0 = random.Next(width), y0 = random.Next(height), w = random.Next(1, 80), h = random.Next(1, 80);
                        for (var y = y0; y < Math.Min(height, y0 + h); y++)
                            pixels.AsSpan(y * width + x0, Math.Min(w, width - x0)).Fill((byte)random.Next(0, 128));
                    }
                    break;
                case 3: // a random module grid with an L finder and timing: a symbol shape with random content
                    Array.Fill(pixels, (byte)255);
                    var n = random.Next(8, 40);
                    var m = Math.Max(1, Math.Min(width, height) / (n + 4));
                    for (var my = 0; my < n; my++)
                        for (var mx = 0; mx < n; mx++)
                        {
                            var dark = mx == 0 || my == n - 1 || (my == 0 && mx % 2 == 0) || (mx == n - 1 && my % 2 == 1) || random.Next(2) == 0;
                            if (dark) FillRect(pixels, width, height, 2 * m + mx * m, 2 * m + my * m, m, m, 0);
                        }
                    break;
                default: // a real symbol with its data modules randomised
                    var matrix = DataMatrixEncoder.Encode(Payloads.Make(random, Payloads.Kind.Binary, random.Next(1, 60)));
                    var image = SymbolImages.Render(matrix, new Conditions(random.NextDouble() * 360, 3 + random.NextDouble() * 3), random);
                    width = image.Width;
                    height = image.Height;
                    pixels = image.Pixels;
                    for (var k = 0; k < pixels.Length / 3; k++) pixels[random.Next(pixels.Length)] = (byte)random.Next(256);
                    break;
            }
            var one = Stopwatch.StartNew();
            var result = DataMatrixReader.Read(pixels, width, height);
            if (one.Elapsed > worst) worst = one.Elapsed;
            Assert.Equal(result.Success, result.Error is null);
            if (i % 5 != 4) Assert.False(result.Success, $"image {i} decoded noise");
            _ = DataMatrixQuality.Grade(pixels, width, height, result);
        }
        output.WriteLine($"400 random images in {watch.ElapsedMilliseconds} ms, slowest {worst.TotalMilliseconds:0.0} ms");
        Assert.True(worst < Guard, $"slowest image took {worst}");
    }

    [Fact]
    public void HugeImages_AreBounded()
    {
        const int size = 4000;
        var images = new (string Name, byte[] Pixels)[]
        {
            ("blank", Filled(size, 255)),
            ("black", Filled(size, 0)),
            ("noise", Noise(size, 7)),
            ("checkerboard", Checkerboard(size, 1)),
            ("coarse checkerboard", Checkerboard(size, 3)),
        };
        foreach (var (name, pixels) in images)
        {
            var watch = Stopwatch.StartNew();
            var result = DataMatrixReader.Read(pixels, size, size);
            output.WriteLine($"{name} {size}x{size}: {watch.ElapsedMilliseconds} ms, {result}");
            Assert.False(result.Success);
            Assert.True(watch.Elapsed < Guard, $"{name} took {watch.Elapsed}");
        }
    }

    [Fact]
    public void ASymbolInAHugeImage_IsFound()
    {
        const int size = 3000;
        var pixels = Filled(size, 240);
        var payload = Payloads.Indicium();
        var symbol = SymbolImages.Render(DataMatrixEncoder.Encode(payload), new Conditions(123, 4, NoiseSigma: 8), new Random(5));
        for (var y = 0; y < symbol.Height; y++)
            symbol.Pixels.AsSpan(y * symbol.Width, symbol.Width).CopyTo(pixels.AsSpan((2000 + y) * size + 1700));
        var watch = Stopwatch.StartNew();
        var result = DataMatrixReader.Read(pixels, size, size);
        output.WriteLine($"{size}x{size}: {watch.ElapsedMilliseconds} ms");
        Assert.True(result.Success, result.ToString());
        Assert.Equal(payload, result.Data);
    }

    private static byte[] Filled(int size, byte value)
    {
        var pixels = new byte[size * size];
        Array.Fill(pixels, value);
        return pixels;
    }

    private static byte[] Noise(int size, int seed)
    {
        var pixels = new byte[size * size];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }

    private static byte[] Checkerboard(int size, int cell)
    {
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++) pixels[y * size + x] = (byte)((x / cell + y / cell) % 2 * 255);
        return pixels;
    }

    private static void FillRect(byte[] pixels, int width, int height, int x, int y, int w, int h, byte value)
    {
        for (var yy = Math.Max(0, y); yy < Math.Min(height, y + h); yy++)
            for (var xx = Math.Max(0, x); xx < Math.Min(width, x + w); xx++) pixels[yy * width + xx] = value;
    }
}
