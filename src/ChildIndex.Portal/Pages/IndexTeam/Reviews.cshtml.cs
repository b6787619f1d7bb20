using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;

namespace ChildIndex.Portal.Pages.IndexTeam;

/// <summary>The break-glass review queue: every override of a shield, to be closed by the index
/// team as justified or referred.</summary>
public sealed class ReviewsModel(DirectoryApi directory) : PortalPageModel
{
    [BindProperty] public string? ReviewId { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? Note { get; set; }

    public IReadOnlyList<BreakGlassReview> Reviews { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        var outcome = Outcome switch
        {
            "justified" => ReviewOutcome.Justified,
            "referred" => ReviewOutcome.Referred,
            _ => ReviewOutcome.Unspecified,
        };
        if (outcome == ReviewOutcome.Unspecified)
        {
            AddError($"outcome-{ReviewId}", "Select whether the access was justified or is referred");
        }
        else
        {
            try
            {
                await directory.Index.CloseBreakGlassReviewAsync(
                    new CloseBreakGlassReviewRequest { ReviewId = ReviewId ?? string.Empty, Outcome = outcome, ReviewNote = Note?.Trim() ?? string.Empty },
                    await directory.CallAsync());
                return Redirect("/index-team/reviews");
            }
            catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.InvalidArgument or Grpc.Core.StatusCode.FailedPrecondition)
            {
                AddViolations(e, new Dictionary<string, (string, string)> { ["review_note"] = ($"note-{ReviewId}", "Note") }, $"outcome-{ReviewId}");
            }
        }

        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync() =>
        Reviews = (await directory.Index.ListBreakGlassReviewsAsync(new ListBreakGlassReviewsRequest { OpenOnly = true }, await directory.CallAsync())).Reviews;
}
