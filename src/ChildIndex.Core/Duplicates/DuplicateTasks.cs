using System.Globalization;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Audit;
using ChildIndex.Core.Diagnostics;
using ChildIndex.Core.Records;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.Core.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Duplicates;

/// <summary>The index team's queue of possible duplicates raised at registration: listed newest
/// first a page at a time, each closed with a resolution and a reason.</summary>
public sealed class DuplicateTasks(ChildIndexDbContext db, CallAudit audit, TimeProvider time, ILogger<DuplicateTasks> logger)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<V1.ListPossibleDuplicatesResponse> ListAsync(V1.ListPossibleDuplicatesRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Permissions.Demand(caller, DirectoryAction.ListPossibleDuplicates);
        var violations = new Violations();
        if (request.PageSize is < 0 or > MaxPageSize)
        {
            violations.Add("page_size", $"must be from 1 to {MaxPageSize}, or 0 for {DefaultPageSize}");
        }

        long? before = null;
        if (request.PageToken.Length > 0)
        {
            if (long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var last) && last > 0)
            {
                before = last;
            }
            else
            {
                violations.Add("page_token", "must be a next_page_token from an earlier response, or empty");
            }
        }

        violations.ThrowIfAny();
        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var open = db.PossibleDuplicates.AsNoTracking().Where(d => d.Status == DuplicateTaskStatus.Open);
        if (before is { } b)
        {
            open = open.Where(d => d.Id < b);
        }

        // One more than the page, to know whether there is a next one.
        var rows = await WithChildren(open.OrderByDescending(d => d.Id).Take(size + 1)).ToListAsync(cancellationToken);
        var page = rows.OrderByDescending(r => r.Task.Id).Take(size).ToList();
        var response = new V1.ListPossibleDuplicatesResponse
        {
            NextPageToken = rows.Count > size ? page[^1].Task.Id.ToString(CultureInfo.InvariantCulture) : string.Empty,
        };
        response.Tasks.AddRange(page.Select(r => DuplicateMapping.ToContract(r.Task, r.NewIndexId, r.ExistingIndexId)));
        return response;
    }

    public async Task<V1.PossibleDuplicateTask> CloseAsync(V1.CloseDuplicateTaskRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Permissions.Demand(caller, DirectoryAction.CloseDuplicateTask);
        var violations = new Violations();
        if (request.TaskId <= 0)
        {
            violations.Add("task_id", "is required: a task number as ListPossibleDuplicates returns it");
        }

        var resolution = DuplicateMapping.ToDomain(request.Resolution);
        if (resolution is null)
        {
            violations.Add("resolution", "is required: DUPLICATE_RESOLUTION_NOT_A_DUPLICATE, DUPLICATE_RESOLUTION_MERGED or DUPLICATE_RESOLUTION_OTHER");
        }

        var reason = FieldRules.Justification(request.Reason, "reason", violations, required: true);
        violations.ThrowIfAny();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await WithChildren(db.PossibleDuplicates.AsNoTracking().Where(d => d.Id == request.TaskId)).SingleOrDefaultAsync(cancellationToken)
            ?? throw new DomainException(DomainErrorKind.NotFound, $"no possible-duplicate task {request.TaskId}");

        // Conditional, so that of two people closing it at once only one resolution stands.
        var closed = await db.PossibleDuplicates
            .Where(d => d.Id == request.TaskId && d.Status == DuplicateTaskStatus.Open)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.Status, DuplicateTaskStatus.Closed)
                    .SetProperty(d => d.Resolution, resolution)
                    .SetProperty(d => d.Reason, reason)
                    .SetProperty(d => d.ClosedBy, caller.Subject)
                    .SetProperty(d => d.ClosedAt, time.StorableNow()),
                cancellationToken);
        if (closed == 0)
        {
            throw new DomainException(DomainErrorKind.Conflict, $"possible-duplicate task {request.TaskId} is already closed");
        }

        // The reason is free text that may name the child: the task keeps it, the trail does not.
        await audit.AppendWithinAsync(db, [found.NewIndexId, found.ExistingIndexId],
            string.Create(CultureInfo.InvariantCulture, $"possible-duplicate task {request.TaskId}: {resolution}"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.DuplicateTaskClosed(request.TaskId, resolution!.Value.ToString());

        var after = await WithChildren(db.PossibleDuplicates.AsNoTracking().Where(d => d.Id == request.TaskId)).SingleAsync(cancellationToken);
        return DuplicateMapping.ToContract(after.Task, after.NewIndexId, after.ExistingIndexId);
    }

    /// <summary>
    /// Closes the open tasks that raised this pair, either way round, with what the index team
    /// decided through a merge or a not-the-same-child decision: the queue never keeps asking about
    /// a pair already settled. In the caller's transaction; returns how many were closed.
    /// </summary>
    public static Task<int> CloseForPairAsync(ChildIndexDbContext db, long a, long b, DuplicateResolution resolution, string reason, string closedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.PossibleDuplicates
            .Where(d => d.Status == DuplicateTaskStatus.Open
                && ((d.NewChildId == a && d.ExistingChildId == b) || (d.NewChildId == b && d.ExistingChildId == a)))
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(d => d.Status, DuplicateTaskStatus.Closed)
                    .SetProperty(d => d.Resolution, resolution)
                    .SetProperty(d => d.Reason, reason)
                    .SetProperty(d => d.ClosedBy, closedBy)
                    .SetProperty(d => d.ClosedAt, at),
                cancellationToken);
    }

    private IQueryable<TaskOfChildren> WithChildren(IQueryable<PossibleDuplicate> tasks) =>
        tasks.Join(db.Children, d => d.NewChildId, c => c.Id, (d, c) => new { Task = d, NewIndexId = c.IndexId })
            .Join(db.Children, x => x.Task.ExistingChildId, c => c.Id, (x, c) => new TaskOfChildren(x.Task, x.NewIndexId, c.IndexId));

    private sealed record TaskOfChildren(PossibleDuplicate Task, string NewIndexId, string ExistingIndexId);
}
