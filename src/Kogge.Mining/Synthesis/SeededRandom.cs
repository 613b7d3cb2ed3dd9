namespace Kogge.Mining.Synthesis;

/// <summary>
/// xoshiro256** seeded through SplitMix64. Written out here rather than taken from <see cref="Random"/>,
/// whose seeded sequence .NET does not promise to keep across versions; with it a seed gives the same log
/// on every runtime and platform. Only integer and exactly rounded floating-point operations are used.
/// </summary>
internal sealed class SeededRandom
{
    private ulong s0;
    private ulong s1;
    private ulong s2;
    private ulong s3;

    public SeededRandom(long seed)
    {
        var x = unchecked((ulong)seed);
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)((NextUInt64() >> 11) % (ulong)count);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>
    /// Between <paramref name="low"/> and <paramref name="high"/>, most values near the low end with a tail
    /// towards the high end (the square of a uniform value), as waiting and handling times are in practice.
    /// </summary>
    public double Skewed(double low, double high)
    {
        var u = NextDouble();
        return low + ((high - low) * u * u);
    }

    /// <summary>Picks an index by weights.</summary>
    public int Pick(ReadOnlySpan<int> weights)
    {
        var total = 0;
        foreach (var w in weights)
        {
            total += w;
        }

        var r = Next(total);
        for (var i = 0; i < weights.Length; i++)
        {
            r -= weights[i];
            if (r < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
