using ChildIndex.Portal.Pages.Involvements;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Portal.Pages.Audit;

/// <summary>Days entered by a security officer are UK days: from the start of the first to the end
/// of the last, in UK local time (GMT or BST as it was then).</summary>
public static class AuditDays
{
    private static readonly TimeZoneInfo UkTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static Timestamp? Start(string? day, string? month, string? year) => At(day, month, year, 0);

    public static Timestamp? End(string? day, string? month, string? year) => At(day, month, year, 1);

    public static bool Entered(params string?[] parts) => parts.Any(p => !string.IsNullOrWhiteSpace(p));

    private static Timestamp? At(string? day, string? month, string? year, int addDays)
    {
        if (DateInput.Read(day, month, year) is not { } date)
        {
            return null;
        }

        var local = new DateTime(date.Year, date.Month, date.Day, 0, 0, 0, DateTimeKind.Unspecified).AddDays(addDays);
        return Timestamp.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(local, UkTime));
    }
}
