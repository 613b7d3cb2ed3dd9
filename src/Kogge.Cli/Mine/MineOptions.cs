using System.CommandLine;
using Kogge.Mining.Performance;

namespace Kogge.Cli.Mine;

/// <summary>The state calendar whose public holidays count as days off.</summary>
internal enum CalendarChoice
{
    MV,
    SH,
}

/// <summary>Options shared by the <c>kogge mine</c> commands.</summary>
internal static class MineOptions
{
    public static Option<CalendarChoice> Calendar() => new("--calendar")
    {
        Description = "Public holidays of Mecklenburg-Vorpommern (MV) or Schleswig-Holstein (SH)",
        DefaultValueFactory = _ => CalendarChoice.MV,
    };

    public static GermanState State(CalendarChoice choice) =>
        choice == CalendarChoice.SH ? GermanState.SchleswigHolstein : GermanState.MecklenburgVorpommern;
}
