using System.IO.Compression;
using System.Text;
using Kogge.Mining.Io;
using Kogge.Mining.Io.Csv;
using Kogge.Mining.Io.Xes;
using Kogge.Testing;

namespace Kogge.Mining.Tests.Io;

/// <summary>Real files with random damage: the readers either import or fail with <see cref="EventLogFormatException"/>, never anything else.</summary>
public sealed class MutatedInputTests
{
    private const int Rounds = 60;

    [Fact]
    public void XesReader_MutatedReceipt_ImportsOrFailsClearly()
    {
        var original = Head(Decompress(File.ReadAllBytes(SharedData.Path("eventlogs/receipt.xes.gz"))), 60_000);
        var random = new Random(1849);

        for (var round = 0; round < Rounds; round++)
        {
            var mutated = Mutate(original, random);
            try
            {
                var result = XesReader.Read(new MemoryStream(mutated), cancellationToken: TestContext.Current.CancellationToken);
                Assert.True(result.Log.EventCount >= 0);
            }
            catch (EventLogFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void XesReader_DamagedGzip_FailsClearly(bool truncated)
    {
        var gz = File.ReadAllBytes(SharedData.Path("eventlogs/receipt.xes.gz"));
        if (truncated)
        {
            gz = gz[..(gz.Length / 2)];
        }
        else
        {
            // Inflating runs ahead on another thread; the damage in the middle must still surface on the caller's.
            for (var i = gz.Length / 2; i < (gz.Length / 2) + 64; i++)
            {
                gz[i] ^= 0x5a;
            }
        }

        Assert.Throws<EventLogFormatException>(() => XesReader.Read(new MemoryStream(gz), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void CsvReader_MutatedReceipt_ImportsOrFailsClearly()
    {
        var original = Head(File.ReadAllBytes(SharedData.Path("eventlogs/receipt.csv")), 60_000);
        var random = new Random(4180);

        for (var round = 0; round < Rounds; round++)
        {
            var mutated = Mutate(original, random);
            try
            {
                var result = CsvEventLogReader.Read(new MemoryStream(mutated), cancellationToken: TestContext.Current.CancellationToken);
                Assert.Equal(result.Report.ImportedCount, result.Log.EventCount);
            }
            catch (EventLogFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        var kind = random.Next(4);
        switch (kind)
        {
            case 0:
                for (var i = 0; i < 20; i++)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                {
                    // Characters that matter to the formats: quotes, delimiters, angle brackets, digits in dates.
                    var specials = Encoding.ASCII.GetBytes("\"<>/=,;\n\r&:-+T0");
                    for (var i = 0; i < 30; i++)
                    {
                        bytes[random.Next(bytes.Length)] = specials[random.Next(specials.Length)];
                    }

                    return bytes;
                }

            default:
                {
                    var from = random.Next(bytes.Length);
                    var length = Math.Min(random.Next(2000), bytes.Length - from);
                    return [.. bytes[..from], .. bytes[(from + length)..]];
                }
        }
    }

    private static byte[] Decompress(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static byte[] Head(byte[] bytes, int length) => bytes[..Math.Min(length, bytes.Length)];
}
