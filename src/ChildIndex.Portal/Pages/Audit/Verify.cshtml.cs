using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Services;

namespace ChildIndex.Portal.Pages.Audit;

/// <summary>Whether the trail is intact: the directory re-checks every record's hash chain and
/// every signed checkpoint.</summary>
public sealed class VerifyModel(DirectoryApi directory, TimeProvider time) : PortalPageModel
{
    public VerifyAuditTrailResponse Result { get; private set; } = null!;

    public DateTimeOffset CheckedAt { get; private set; }

    public async Task OnGetAsync()
    {
        Result = await directory.Audit.VerifyAuditTrailAsync(new VerifyAuditTrailRequest(), await directory.CallAsync());
        CheckedAt = time.GetUtcNow();
    }
}
