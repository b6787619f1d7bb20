using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.Audit;

/// <summary>The audit trail, newest first, filtered and paged by the directory. Filters are POSTed
/// (a child's id or a person's are not for URLs); the next page is another POST with the same
/// filters and the directory's page token.</summary>
public sealed class IndexModel(DirectoryApi directory) : PortalPageModel
{
    public const int PageSize = 25;

    private static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["actor_subject"] = ("actor", "User"),
        ["organisation_code"] = ("organisation", "Organisation"),
        ["child_id"] = ("child-id", "ChildIndex ID"),
        ["action"] = ("action", "Action"),
        ["outcome"] = ("outcome", "Outcome"),
        ["from"] = ("from-day", "From"),
        ["to"] = ("to-day", "To"),
        ["page_token"] = ("actor", "Page:"),
    };

    [BindProperty] public string? Actor { get; set; }
    [BindProperty] public string? Organisation { get; set; }
    [BindProperty] public string? ChildId { get; set; }
    [BindProperty] public string? Action { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? FromDay { get; set; }
    [BindProperty] public string? FromMonth { get; set; }
    [BindProperty] public string? FromYear { get; set; }
    [BindProperty] public string? ToDay { get; set; }
    [BindProperty] public string? ToMonth { get; set; }
    [BindProperty] public string? ToYear { get; set; }
    [BindProperty] public string? PageToken { get; set; }

    public QueryAuditResponse? Found { get; private set; }

    public async Task OnGetAsync() => await QueryAsync();

    public async Task OnPostAsync() => await QueryAsync();

    private async Task QueryAsync()
    {
        var request = new QueryAuditRequest
        {
            ActorSubject = Actor?.Trim() ?? string.Empty,
            OrganisationCode = Organisation?.Trim() ?? string.Empty,
            ChildId = ChildId?.Trim() ?? string.Empty,
            Action = Action?.Trim() ?? string.Empty,
            Outcome = Outcome?.Trim() ?? string.Empty,
            PageSize = PageSize,
            PageToken = PageToken ?? string.Empty,
        };
        if (AuditDays.Entered(FromDay, FromMonth, FromYear))
        {
            request.From = AuditDays.Start(FromDay, FromMonth, FromYear);
            if (request.From is null)
            {
                AddError("from-day", "From must be a real date, like 27 3 2026");
            }
        }

        if (AuditDays.Entered(ToDay, ToMonth, ToYear))
        {
            request.To = AuditDays.End(ToDay, ToMonth, ToYear);
            if (request.To is null)
            {
                AddError("to-day", "To must be a real date, like 27 3 2026");
            }
        }

        if (Errors.Count > 0)
        {
            return;
        }

        try
        {
            Found = await directory.Audit.QueryAuditAsync(request, await directory.CallAsync());
        }
        catch (RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            AddViolations(e, Fields, "actor");
        }
    }
}
