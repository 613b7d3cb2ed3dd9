using Kogge.Mining.Performance;

namespace Kogge.Mining.Tests.Performance;

public sealed class BusinessCalendarTests
{
    [Theory]
    [InlineData(2024, 3, 31)]
    [InlineData(2025, 4, 20)]
    [InlineData(2019, 4, 21)]
    [InlineData(2038, 4, 25)]
    public void EasterSunday_KnownYears_MatchesCalendar(int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), PublicHolidays.EasterSunday(year));
    }

    [Fact]
    public void PublicHolidays_Mv2024_ElevenIncludingFrauentagAndReformationstag()
    {
        var holidays = PublicHolidays.For(GermanState.MecklenburgVorpommern, 2024);

        Assert.Equal(11, holidays.Count);
        Assert.Contains(holidays, h => h.Date == new DateOnly(2024, 3, 8) && h.Name == "Internationaler Frauentag");
        Assert.Contains(holidays, h => h.Date == new DateOnly(2024, 3, 29) && h.Name == "Karfreitag");
        Assert.Contains(holidays, h => h.Date == new DateOnly(2024, 5, 9) && h.Name == "Christi Himmelfahrt");
        Assert.Contains(holidays, h => h.Date == new DateOnly(2024, 5, 20) && h.Name == "Pfingstmontag");
        Assert.Contains(holidays, h => h.Date == new DateOnly(2024, 10, 31));
    }

    [Fact]
    public void PublicHolidays_Sh_ReformationstagOnlyFrom2017AndNoFrauentag()
    {
        Assert.DoesNotContain(PublicHolidays.For(GermanState.SchleswigHolstein, 2016), h => h.Name == "Reformationstag");
        Assert.Contains(PublicHolidays.For(GermanState.SchleswigHolstein, 2017), h => h.Name == "Reformationstag");
        Assert.Equal(10, PublicHolidays.For(GermanState.SchleswigHolstein, 2024).Count);
        Assert.DoesNotContain(PublicHolidays.For(GermanState.MecklenburgVorpommern, 2022), h => h.Name == "Internationaler Frauentag");
    }

    [Fact]
    public void WorkingDaysBetween_OverEaster_CountsOnlyTuesday()
    {
        var calendar = BusinessCalendar.For(GermanState.SchleswigHolstein);

        // Thursday 28 March 2024 to Tuesday 2 April: Good Friday, weekend and Easter Monday do not count.
        Assert.Equal(1, calendar.WorkingDaysBetween(new DateOnly(2024, 3, 28), new DateOnly(2024, 4, 2)));
    }

    [Fact]
    public void WorkingDaysBetween_FrauentagDiffersBetweenStates()
    {
        var thursday = new DateOnly(2024, 3, 7);
        var monday = new DateOnly(2024, 3, 11);

        Assert.Equal(1, BusinessCalendar.For(GermanState.MecklenburgVorpommern).WorkingDaysBetween(thursday, monday));
        Assert.Equal(2, BusinessCalendar.For(GermanState.SchleswigHolstein).WorkingDaysBetween(thursday, monday));
    }

    [Fact]
    public void WorkingTime_FridayNoonToMondayNoon_IsOneDay()
    {
        var calendar = BusinessCalendar.For(GermanState.MecklenburgVorpommern);
        var friday = new DateTimeOffset(2024, 6, 7, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.Equal(TimeSpan.FromHours(24), calendar.WorkingTime(friday, friday.AddDays(3)));
    }
}
