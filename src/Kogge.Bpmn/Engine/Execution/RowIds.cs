using System.Security.Cryptography;

namespace Kogge.Bpmn.Engine.Execution;

/// <summary>
/// Ids of new rows: 32 hex digits, time-ordered like a version 7 UUID — 48 bits of Unix milliseconds, 16 random bits
/// fixed per process, and a 64-bit counter that starts at a random value per process. Ids of one process are unique
/// and ascend; two processes (engine nodes) differ in 80 random bits at their start, so they do not meet. A fresh UUID
/// per row cost a random-number system call each, and an instance creates about twenty rows per step.
/// </summary>
internal static class RowIds
{
    private static readonly ulong NodeHigh = RandomHigh();
    private static long _counter = (long)(RandomUInt64() >> 1);

    public static string Next()
    {
        var sequence = (ulong)Interlocked.Increment(ref _counter);
        var milliseconds = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        return string.Create(32, (milliseconds, NodeHigh, sequence), static (span, parts) =>
        {
            Hex(span[..12], parts.milliseconds);
            Hex(span.Slice(12, 4), parts.NodeHigh);
            Hex(span[16..], parts.sequence);
        });
    }

    private static void Hex(Span<char> target, ulong value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
    }

    private static ulong RandomHigh() => RandomUInt64() & 0xFFFF;

    private static ulong RandomUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
