using System.Diagnostics;
using ChildIndex.Api.Hosting;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using Grpc.Core;

namespace ChildIndex.Api.Auditing;

/// <summary>What the trail records of each RPC: who, what, why, which children, and what the caller
/// was shown. The one place that knows the shape of every audited request and response.</summary>
public static class AuditDescriber
{
    public const string AuditedPrefix = "/childindex.v1.";

    public static bool IsAudited(string method) =>
        method.StartsWith(AuditedPrefix, StringComparison.Ordinal) && !method.StartsWith("/childindex.v1.IdentityAdmin/", StringComparison.Ordinal);

    /// <summary>The record of a call, before its outcome is known.</summary>
    public static AuditRecord Begin(AuditRecord record, HttpContext http, string method, string serverInstance)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(http);
        record.Action = method.TrimStart('/');
        record.Actor = Actor(http);
        record.TraceId = Activity.Current?.TraceId.ToString() ?? string.Empty;
        record.ClientAddress = http.Connection.RemoteIpAddress?.ToString() ?? string.Empty;
        record.ServerInstance = serverInstance;
        return record;
    }

    /// <summary>Adds what the request says: purpose, search criteria, child, request id.</summary>
    public static void DescribeRequest(AuditRecord record, object? request)
    {
        ArgumentNullException.ThrowIfNull(record);
        switch (request)
        {
            case SearchChildrenRequest search:
                record.Purpose = search.Purpose;
                record.Search = search.Clone();
                record.Search.Purpose = null;
                break;
            case GetChildRequest get:
                record.Purpose = get.Purpose;
                AddChild(record, get.ChildId);
                break;
            case RegisterChildRequest register:
                record.RequestId = Short(register.RequestId);
                break;
            case UpdateChildDetailsRequest update:
                AddChild(record, update.ChildId);
                break;
            case RecordInvolvementRequest involvement:
                record.RequestId = Short(involvement.RequestId);
                AddChild(record, involvement.ChildId);
                break;
            case EndInvolvementRequest end:
                AddChild(record, end.ChildId);
                break;
            case WhoAccessedChildRequest who:
                AddChild(record, who.ChildId);
                break;
            case ShieldChildRequest shield:
                AddChild(record, shield.ChildId);
                break;
            case UnshieldChildRequest unshield:
                AddChild(record, unshield.ChildId);
                break;
            case RecordDeathRequest death:
                AddChild(record, death.ChildId);
                break;
            case SetRetentionExtensionRequest extension:
                AddChild(record, extension.ChildId);
                break;
            case SetLegalHoldRequest hold:
                AddChild(record, hold.ChildId);
                break;
            case SubjectAccessRequest subject:
                AddChild(record, subject.ChildId);
                break;
            case MergeChildrenRequest merge:
                AddChild(record, merge.SurvivorId);
                AddChild(record, merge.DuplicateId);
                break;
            case UnmergeChildrenRequest unmerge:
                AddChild(record, unmerge.DuplicateId);
                break;
            case MarkNotSameChildRequest notSame:
                AddChild(record, notSame.ChildA);
                AddChild(record, notSame.ChildB);
                break;
            case ListMergeHistoryRequest history:
                AddChild(record, history.ChildId);
                break;
            case BreakGlassRequest breakGlass:
                record.Purpose = breakGlass.Purpose;
                AddChild(record, breakGlass.ChildId);
                break;
            default:
                break;
        }
    }

    /// <summary>The detail of a search that matched more children than it showed.</summary>
    public const string MoreCandidates = "more children matched than were shown: the caller was asked to narrow the search";

    /// <summary>Adds what the caller was shown.</summary>
    public static void DescribeResponse(AuditRecord record, object? response)
    {
        ArgumentNullException.ThrowIfNull(record);
        switch (response)
        {
            case SearchChildrenResponse found:
                record.ResultChildIds.AddRange(found.Children.Select(c => c.ChildId));
                if (found.MoreResultsAvailable)
                {
                    // Broad searches are what a reviewer looks for first when trawling is suspected.
                    record.Detail = MoreCandidates;
                }

                break;
            case ChildRecord child when !record.ChildIds.Contains(child.ChildId):
                // A merged id asked for stays named beside the record shown in its place.
                if (child.RequestedChildId.Length == 0)
                {
                    record.ChildIds.Clear();
                }

                record.ChildIds.Add(child.ChildId);
                break;
            case MergeOutcome merged:
                // An unmerge named by merge id learns its children from the answer.
                AddChild(record, merged.SurvivorId);
                AddChild(record, merged.DuplicateId);
                break;
            case RegisterChildResponse registered:
                AddChild(record, registered.ChildId);
                break;
            case BreakGlassReview review:
                // A review is closed by its id: the child it concerns is known only from the answer.
                AddChild(record, review.ChildId);
                break;
            case EndInvolvementResponse:
            case QueryAuditResponse:
            case WhoAccessedChildResponse:
            default:
                break;
        }
    }

    public static string Outcome(StatusCode code) => code switch
    {
        StatusCode.OK => "OK",
        StatusCode.InvalidArgument => "INVALID_ARGUMENT",
        StatusCode.NotFound => "NOT_FOUND",
        StatusCode.PermissionDenied => "PERMISSION_DENIED",
        StatusCode.Unauthenticated => "UNAUTHENTICATED",
        StatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        StatusCode.Aborted => "ABORTED",
        StatusCode.AlreadyExists => "ALREADY_EXISTS",
        StatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        StatusCode.Unavailable => "UNAVAILABLE",
        StatusCode.Cancelled => "CANCELLED",
        StatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        StatusCode.OutOfRange => "OUT_OF_RANGE",
        StatusCode.DataLoss => "DATA_LOSS",
        StatusCode.Internal => "INTERNAL",
        StatusCode.Unimplemented => "UNIMPLEMENTED",
        StatusCode.Unknown => "UNKNOWN",
        _ => code.ToString().ToUpperInvariant(),
    };

    private static AuditActor Actor(HttpContext http)
    {
        var actor = new AuditActor();
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return actor;
        }

        // The same caller the service acts for, so the token's claims are read once per call.
        var caller = http.Caller();
        actor.Subject = caller.Subject;
        actor.DisplayName = caller.Name;
        actor.OrganisationCode = caller.OrganisationCode;
        actor.OrganisationName = caller.OrganisationName;
        actor.ClientId = caller.ClientId ?? string.Empty;
        actor.PrincipalType = caller.IsAgencySystem ? ChildIndexClaims.Client : ChildIndexClaims.User;
        actor.Roles.AddRange(caller.Roles);
        return actor;
    }

    /// <summary>A child id as sent: formatted when valid, else kept short (the request may be junk).</summary>
    private static void AddChild(AuditRecord record, string? childId)
    {
        if (string.IsNullOrWhiteSpace(childId))
        {
            return;
        }

        var id = Core.Identifiers.ChildId.TryParse(childId, out var canonical) ? Core.Identifiers.ChildId.Format(canonical) : Short(childId);
        if (!record.ChildIds.Contains(id))
        {
            record.ChildIds.Add(id);
        }
    }

    private static string Short(string? value) => value is null ? string.Empty : value.Length <= 40 ? value : value[..40];
}
