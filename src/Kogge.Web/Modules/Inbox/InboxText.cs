using System.Globalization;

namespace Kogge.Web.Modules.Inbox;

/// <summary>Dates as clerks in Germany read them, in the municipality's time zone.</summary>
public static class InboxText
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static string Date(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, Berlin).ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
}
