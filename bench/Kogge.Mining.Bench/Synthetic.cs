using Kogge.Mining.Io.Xes;
using Kogge.Mining.Synthesis;

namespace Kogge.Mining.Bench;

/// <summary>The synthetic inputs: Kogge's building-permit log (<c>kogge mine synth</c>, seed 1), written once per size as .xes and .xes.gz.</summary>
internal static class Synthetic
{
    public static (string Plain, string Gz) Ensure(string work, int events, TextWriter log)
    {
        var plain = Path.Combine(work, $"synthetic-{events}-seed1.xes");
        var gz = plain + ".gz";
        if (File.Exists(plain) && File.Exists(gz))
        {
            return (plain, gz);
        }

        log.WriteLine($"Writing {plain} and {gz} …");
        var generated = SyntheticLog.Generate(new SyntheticLogOptions { Events = events, Seed = 1 });
        // Written under a temporary name first, so an interrupted run leaves no half file behind. The writer
        // compresses by the name's ending, which the temporary name keeps.
        var partial = Path.Combine(work, $"partial-{events}");
        XesWriter.Write(generated, partial + ".xes");
        XesWriter.Write(generated, partial + ".xes.gz");
        File.Move(partial + ".xes", plain, overwrite: true);
        File.Move(partial + ".xes.gz", gz, overwrite: true);
        return (plain, gz);
    }
}
