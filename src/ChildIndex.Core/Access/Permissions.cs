using ChildIndex.Common.Errors;
using ChildIndex.Common.Security;

namespace ChildIndex.Core.Access;

/// <summary>The directory's operations, one per RPC.</summary>
public enum DirectoryAction
{
    SearchChildren,
    GetChild,
    RegisterChild,
    RegisterChildren,
    UpdateChildDetails,
    RecordInvolvement,
    EndInvolvement,
    QueryAudit,
    ExportAudit,
    WhoAccessedChild,
    VerifyAuditTrail,
    GetCheckpoint,
    GetInclusionProof,
    GetConsistencyProof,
    MisuseReport,
    ShieldChild,
    UnshieldChild,
    BreakGlass,
    ListBreakGlassReviews,
    CloseBreakGlassReview,
    RecordDeath,
    SetRetentionExtension,
    SetLegalHold,
    RunRetention,
    SubjectAccess,
    ListPossibleDuplicates,
    CloseDuplicateTask,
    MergeChildren,
    UnmergeChildren,
    MarkNotSameChild,
    ListMergeHistory,
}

/// <summary>
/// Which role may call which RPC: the matrix of docs/permissions.md, which the tests check cell by
/// cell against the running service. Record-level rules (own organisation only) are applied by the
/// operations themselves.
/// </summary>
public static class Permissions
{
    private static readonly HashSet<DirectoryAction> RecordActions =
    [
        DirectoryAction.SearchChildren, DirectoryAction.GetChild, DirectoryAction.RegisterChild, DirectoryAction.RegisterChildren,
        DirectoryAction.UpdateChildDetails, DirectoryAction.RecordInvolvement, DirectoryAction.EndInvolvement,
    ];

    private static readonly HashSet<DirectoryAction> AuditActions =
    [
        DirectoryAction.QueryAudit, DirectoryAction.ExportAudit, DirectoryAction.WhoAccessedChild, DirectoryAction.VerifyAuditTrail,
        DirectoryAction.GetCheckpoint, DirectoryAction.GetInclusionProof, DirectoryAction.GetConsistencyProof, DirectoryAction.MisuseReport,
    ];

    // Shields and the review of break-glass overrides are the index team's alone. The override
    // itself is not: the index team sees shielded records in full anyway.
    private static readonly HashSet<DirectoryAction> IndexTeamActions =
    [
        DirectoryAction.ShieldChild, DirectoryAction.UnshieldChild, DirectoryAction.ListBreakGlassReviews, DirectoryAction.CloseBreakGlassReview,
        DirectoryAction.RecordDeath, DirectoryAction.SetRetentionExtension, DirectoryAction.SetLegalHold, DirectoryAction.RunRetention,
        DirectoryAction.SubjectAccess, DirectoryAction.ListPossibleDuplicates, DirectoryAction.CloseDuplicateTask,
        DirectoryAction.MergeChildren, DirectoryAction.UnmergeChildren, DirectoryAction.MarkNotSameChild,
        DirectoryAction.ListMergeHistory,
    ];

    private static readonly Dictionary<string, HashSet<DirectoryAction>> ByRole = new()
    {
        [Roles.Practitioner] = [DirectoryAction.SearchChildren, DirectoryAction.GetChild],
        [Roles.PractitionerEditor] = [DirectoryAction.SearchChildren, DirectoryAction.GetChild, DirectoryAction.RecordInvolvement, DirectoryAction.EndInvolvement],
        [Roles.SafeguardingLead] = [DirectoryAction.SearchChildren, DirectoryAction.GetChild, DirectoryAction.BreakGlass],
        [Roles.AgencySystem] = [DirectoryAction.RegisterChild, DirectoryAction.RegisterChildren, DirectoryAction.UpdateChildDetails, DirectoryAction.RecordInvolvement, DirectoryAction.EndInvolvement],
        [Roles.IndexAdmin] = [.. RecordActions, .. IndexTeamActions],
        // The audit trail, and nothing else: security officers never see a child's record.
        [Roles.SecurityOfficer] = AuditActions,
        [Roles.IdentityAdmin] = [],
    };

    public static bool Allows(Caller caller, DirectoryAction action)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Roles.Any(role => ByRole.TryGetValue(role, out var actions) && actions.Contains(action));
    }

    /// <summary>Refuses the call before it reads anything, saying only which right is missing.</summary>
    public static void Demand(Caller caller, DirectoryAction action)
    {
        if (!Allows(caller, action))
        {
            throw DomainException.Denied($"your role does not allow {action}");
        }
    }
}
