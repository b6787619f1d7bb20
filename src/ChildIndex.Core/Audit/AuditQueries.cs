using System.Globalization;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using Google.Protobuf.WellKnownTypes;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>What security officers page through: QueryAudit and WhoAccessedChild, newest first. Only
/// their role may read the trail (here, <see cref="MisuseReport"/>, <see cref="AuditExport"/>,
/// <see cref="AuditVerification"/>, <see cref="AuditProofs"/>); every call is itself audited.</summary>
public sealed class AuditQueries(ChildIndexDbContext db)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public async Task<V1.QueryAuditResponse> QueryAsync(V1.QueryAuditRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.QueryAudit);
        var violations = new Violations();
        var (pageSize, before) = Paging(request.PageSize, request.PageToken, violations);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(request.ChildId))
        {
            var childId = Validation.FieldRules.ChildId(request.ChildId, "child_id", violations);
            var sequences = db.AuditChildLinks.Where(l => l.ChildId == childId).Select(l => l.Sequence);
            query = query.Where(e => sequences.Contains(e.Sequence));
        }

        var (fromMs, toMs) = TimeRange(request.From, request.To, violations);
        Filter(request.ActorSubject, "actor_subject", 64, violations);
        Filter(request.OrganisationCode, "organisation_code", 12, violations);
        Filter(request.Action, "action", 100, violations);
        Filter(request.Outcome, "outcome", 40, violations);
        violations.ThrowIfAny();
        query = query.Where(e => e.TimeUnixMs >= fromMs && e.TimeUnixMs < toMs);
        if (!string.IsNullOrWhiteSpace(request.ActorSubject))
        {
            query = query.Where(e => e.ActorSubject == request.ActorSubject.Trim());
        }

        if (!string.IsNullOrWhiteSpace(request.OrganisationCode))
        {
            var organisation = request.OrganisationCode.Trim().ToUpperInvariant();
            query = query.Where(e => e.ActorOrganisation == organisation);
        }

        if (!string.IsNullOrWhiteSpace(request.Action))
        {
            var action = request.Action.Trim();
            query = action.Contains('/', StringComparison.Ordinal)
                ? query.Where(e => e.Action == action)
                : query.Where(e => e.Action.EndsWith("/" + action));
        }

        if (!string.IsNullOrWhiteSpace(request.Outcome))
        {
            var outcome = request.Outcome.Trim().ToUpperInvariant();
            query = query.Where(e => e.Outcome == outcome);
        }

        // The filters again, on what the hashed record itself says: a row matched only through an
        // altered column or a forged link is left out and counted.
        var filterChild = string.IsNullOrWhiteSpace(request.ChildId) ? null : Identifiers.ChildId.TryParse(request.ChildId, out var c) ? c : null;
        var filterActor = string.IsNullOrWhiteSpace(request.ActorSubject) ? null : request.ActorSubject.Trim();
        var filterOrganisation = string.IsNullOrWhiteSpace(request.OrganisationCode) ? null : request.OrganisationCode.Trim().ToUpperInvariant();
        var filterAction = string.IsNullOrWhiteSpace(request.Action) ? null : request.Action.Trim();
        var filterOutcome = string.IsNullOrWhiteSpace(request.Outcome) ? null : request.Outcome.Trim().ToUpperInvariant();
        var page = await NewestFirstAsync(query, pageSize, before, row =>
            row.TimeUnixMs >= fromMs && row.TimeUnixMs < toMs
            && (filterChild is null || row.ChildIds.Contains(filterChild, StringComparer.Ordinal))
            && (filterActor is null || row.ActorSubject == filterActor)
            && (filterOrganisation is null || row.ActorOrganisation == filterOrganisation)
            && (filterAction is null || (filterAction.Contains('/', StringComparison.Ordinal) ? row.Action == filterAction : row.Action.EndsWith("/" + filterAction, StringComparison.Ordinal)))
            && (filterOutcome is null || row.Outcome == filterOutcome), cancellationToken);
        var response = new V1.QueryAuditResponse { NextPageToken = page.NextToken, InconsistentRows = page.Inconsistent };
        response.Records.AddRange(page.Records);
        return response;
    }

    /// <summary>A text filter no stored value could match (longer than its column, or holding a
    /// control character, which PostgreSQL refuses outright) is a field violation, not an error of
    /// the database.</summary>
    private static void Filter(string? value, string field, int length, Violations violations)
    {
        if (value is null)
        {
            return;
        }

        if (value.Trim().Length > length)
        {
            violations.Add(field, $"must be at most {length} characters");
        }
        else if (value.Any(char.IsControl))
        {
            violations.Add(field, "must not contain control characters");
        }
    }

    /// <summary>A time range in Unix milliseconds, open where a bound is missing; a bound that is no
    /// time (outside 0001-01-01 to 9999-12-31, or nanoseconds out of range) and an empty or reversed
    /// range are field violations rather than an answer that can hold nothing.</summary>
    internal static (long FromMs, long ToMs) TimeRange(Timestamp? from, Timestamp? to, Violations violations)
    {
        var fromMs = UnixMs(from, "from", long.MinValue, violations);
        var toMs = UnixMs(to, "to", long.MaxValue, violations);
        if (fromMs is { } start && toMs is { } end && start >= end)
        {
            violations.Add("to", "must be after from");
        }

        return (fromMs ?? long.MinValue, toMs ?? long.MaxValue);
    }

    private static long? UnixMs(Timestamp? time, string field, long open, Violations violations)
    {
        if (time is null)
        {
            return open;
        }

        if (!Timestamps.IsValid(time))
        {
            violations.Add(field, "must be a time between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
            return null;
        }

        return time.ToDateTimeOffset().ToUnixTimeMilliseconds();
    }

    public async Task<V1.WhoAccessedChildResponse> WhoAccessedAsync(V1.WhoAccessedChildRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.WhoAccessedChild);
        var violations = new Violations();
        var childId = Validation.FieldRules.ChildId(request.ChildId, "child_id", violations);
        var (pageSize, before) = Paging(request.PageSize, request.PageToken, violations);
        violations.ThrowIfAny();
        var page = await NamingChildAsync(childId!, pageSize, before, cancellationToken);
        var response = new V1.WhoAccessedChildResponse { NextPageToken = page.NextToken, InconsistentRows = page.Inconsistent };
        response.Records.AddRange(page.Records);
        return response;
    }

    /// <summary>A page of the records naming one child, newest first, checked against their hashed
    /// records; no permission is demanded here (the subject access report makes its own).</summary>
    public Task<(List<V1.AuditRecord> Records, string NextToken, int Inconsistent)> NamingChildAsync(
        string childId, int pageSize, long before, CancellationToken cancellationToken)
    {
        var sequences = db.AuditChildLinks.Where(l => l.ChildId == childId).Select(l => l.Sequence);
        return NewestFirstAsync(db.AuditEntries.AsNoTracking().Where(e => sequences.Contains(e.Sequence)), pageSize, before,
            row => row.ChildIds.Contains(childId, StringComparer.Ordinal), cancellationToken);
    }

    private static (int PageSize, long Before) Paging(int requestedSize, string? pageToken, Violations violations)
    {
        var size = requestedSize == 0 ? DefaultPageSize : requestedSize;
        if (size is < 1 or > MaxPageSize)
        {
            violations.Add("page_size", $"must be 1 to {MaxPageSize}");
        }

        var before = long.MaxValue;
        if (!string.IsNullOrEmpty(pageToken) && !long.TryParse(pageToken, NumberStyles.None, CultureInfo.InvariantCulture, out before))
        {
            violations.Add("page_token", "must be a next_page_token from a previous response");
        }

        return (size, before);
    }

    /// <summary>A page of records, newest first; a row whose hashed record does not itself match
    /// (<paramref name="matches"/>, on the columns derived from it) is counted, not shown.</summary>
    private async Task<(List<V1.AuditRecord> Records, string NextToken, int Inconsistent)> NewestFirstAsync(
        IQueryable<AuditEntry> query, int pageSize, long before, Func<AuditRow, bool> matches, CancellationToken cancellationToken)
    {
        var entries = await query.Where(e => e.Sequence < before)
            .OrderByDescending(e => e.Sequence)
            .Take(pageSize + 1)
            .Select(e => new { e.Sequence, e.Record })
            .ToListAsync(cancellationToken);
        var records = new List<V1.AuditRecord>(Math.Min(entries.Count, pageSize));
        var inconsistent = 0;
        foreach (var entry in entries.Take(pageSize))
        {
            var record = V1.AuditRecord.Parser.ParseFrom(entry.Record);
            if (AuditRow.AtItsPosition(entry.Sequence, record) && matches(AuditRow.Of(record, entry.Record, [])))
            {
                records.Add(record);
            }
            else
            {
                inconsistent++;
            }
        }

        var next = entries.Count > pageSize ? entries[pageSize - 1].Sequence.ToString(CultureInfo.InvariantCulture) : string.Empty;
        return (await SealedRecords.OpenAsync(db, records, cancellationToken), next, inconsistent);
    }

}
