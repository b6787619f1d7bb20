namespace ChildIndex.Portal.Pages.Involvements;

/// <summary>A GOV.UK date input's three fields, read into a date the contract carries.</summary>
public static class DateInput
{
    public static Google.Type.Date? Read(string? day, string? month, string? year) =>
        int.TryParse(day, out var d) && int.TryParse(month, out var m) && int.TryParse(year, out var y) && y > 1900
        && DateOnly.TryParseExact($"{y:D4}-{m:D2}-{d:D2}", "yyyy-MM-dd", out _)
            ? new Google.Type.Date { Year = y, Month = m, Day = d }
            : null;
}
