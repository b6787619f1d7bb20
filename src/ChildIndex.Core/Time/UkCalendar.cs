namespace ChildIndex.Core.Time;

/// <summary>Dates as the index's users see them: in UK local time, whatever the server's zone.</summary>
public static class UkCalendar
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), London).DateTime);
}
