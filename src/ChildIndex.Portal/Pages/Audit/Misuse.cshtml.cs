using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Audit;

/// <summary>The directory's misuse report for a range of UK days (by default the last 7).</summary>
public sealed class MisuseModel(DirectoryApi directory, TimeProvider time) : PortalPageModel
{
    [BindProperty] public string? FromDay { get; set; }
    [BindProperty] public string? FromMonth { get; set; }
    [BindProperty] public string? FromYear { get; set; }
    [BindProperty] public string? ToDay { get; set; }
    [BindProperty] public string? ToMonth { get; set; }
    [BindProperty] public string? ToYear { get; set; }

    public MisuseReportResponse? Report { get; private set; }

    public async Task OnGetAsync()
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(-7);
        (FromDay, FromMonth, FromYear) = ($"{from.Day}", $"{from.Month}", $"{from.Year}");
        (ToDay, ToMonth, ToYear) = ($"{today.Day}", $"{today.Month}", $"{today.Year}");
        await RunAsync();
    }

    public async Task OnPostAsync() => await RunAsync();

    private async Task RunAsync()
    {
        var from = AuditDays.Start(FromDay, FromMonth, FromYear);
        var to = AuditDays.End(ToDay, ToMonth, ToYear);
        if (from is null)
        {
            AddError("from-day", "From must be a real date, like 27 3 2026");
        }

        if (to is null)
        {
            AddError("to-day", "To must be a real date, like 27 3 2026");
        }

        if (Errors.Count == 0)
        {
            Report = await directory.Audit.MisuseReportAsync(new MisuseReportRequest { From = from, To = to }, await directory.CallAsync());
        }
    }
}
