using System.Globalization;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Access;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Text;
using Microsoft.EntityFrameworkCore;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Audit;

/// <summary>Thresholds of the misuse report (configurable: MISUSE_*).</summary>
public sealed class MisuseOptions
{
    public int LookupsPerHour { get; set; } = 50;
    public int WorkingDayStartHour { get; set; } = 7;
    public int WorkingDayEndHour { get; set; } = 19;
}

/// <summary>MisuseReport: the patterns of look-ups a security officer should look at.</summary>
public sealed class MisuseReport(ChildIndexDbContext db, MisuseOptions misuse)
{
    // A report reads at most this many look-ups: a longer range should be split.
    private const int MaxScanned = 200_000;
    private static readonly string[] LookupActions = ["childindex.v1.ChildDirectory/SearchChildren", "childindex.v1.ChildDirectory/GetChild"];

    /// <summary>
    /// Look-ups that a security officer should look at: more than the hourly threshold; a search for
    /// the user's own family name (staff "testing" the system on their families); look-ups outside
    /// working hours (UK time, weekends included); look-ups of shielded records by anyone but the
    /// index team, break-glass overrides told apart.
    /// </summary>
    public async Task<V1.MisuseReportResponse> MisuseReportAsync(V1.MisuseReportRequest request, Caller caller, CancellationToken cancellationToken)
    {
        Permissions.Demand(caller, DirectoryAction.MisuseReport);
        var violations = new Violations();
        var (fromMs, toMs) = AuditQueries.TimeRange(request.From, request.To, violations);
        violations.ThrowIfAny();
        var read = (await db.AuditEntries.AsNoTracking()
                .Where(e => e.TimeUnixMs >= fromMs && e.TimeUnixMs < toMs && LookupActions.Contains(e.Action) && e.Outcome == "OK")
                .OrderBy(e => e.Sequence)
                .Take(MaxScanned)
                .Select(e => new { e.Sequence, e.Record })
                .ToListAsync(cancellationToken))
            .Select(e => (e.Sequence, Record: V1.AuditRecord.Parser.ParseFrom(e.Record), Bytes: e.Record))
            .ToList();
        // The filter again, on the columns the hashed record itself gives: a row selected only
        // through an altered column is left out and counted (verification names it).
        var lookups = read.Where(l =>
        {
            var row = AuditRow.Of(l.Record, l.Bytes, []);
            return AuditRow.AtItsPosition(l.Sequence, l.Record) && row.TimeUnixMs >= fromMs && row.TimeUnixMs < toMs && LookupActions.Contains(row.Action) && row.Outcome == "OK";
        }).Select(l => l.Record).ToList();
        // Searches opened for their criteria (searches of the user's own family name); nothing else
        // the report reads is sealed, so look-ups are not decrypted.
        var searches = await SealedRecords.OpenAsync(db, [.. lookups.Where(r => r.Action == LookupActions[0])], cancellationToken);
        lookups = [.. lookups.Where(r => r.Action != LookupActions[0]).Concat(searches).OrderBy(r => r.Sequence)];

        var response = new V1.MisuseReportResponse { Truncated = read.Count == MaxScanned, InconsistentRows = read.Count - lookups.Count };
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        foreach (var byActor in lookups.GroupBy(r => r.Actor?.Subject ?? string.Empty).Where(g => g.Key.Length > 0))
        {
            var actor = byActor.First().Actor;
            foreach (var hour in BusyHours(byActor.OrderBy(r => r.Time.ToDateTimeOffset()).ToList(), misuse.LookupsPerHour))
            {
                var start = hour[0].Time.ToDateTimeOffset();
                response.Findings.Add(Finding(V1.MisuseFinding.Types.Kind.HighVolume, actor,
                    string.Create(CultureInfo.InvariantCulture, $"{hour.Count} look-ups between {start:yyyy-MM-dd HH:mm} and {start.AddHours(1):HH:mm} UTC (threshold {misuse.LookupsPerHour} an hour)"),
                    hour));
            }

            var ownFamily = FamilyKey(actor.DisplayName);
            var ownSearches = byActor.Where(r => ownFamily.Length > 0 && r.Search?.Name is { } name && NameFolding.Key(name.FamilyName) == ownFamily).ToList();
            if (ownSearches.Count > 0)
            {
                response.Findings.Add(Finding(V1.MisuseFinding.Types.Kind.OwnFamilyName, actor,
                    $"searched for the family name {ownFamily}, the user's own, {ownSearches.Count} time(s)", ownSearches));
            }

            var outOfHours = byActor.Where(r => OutOfHours(TimeZoneInfo.ConvertTime(r.Time.ToDateTimeOffset(), london))).ToList();
            if (outOfHours.Count > 0)
            {
                response.Findings.Add(Finding(V1.MisuseFinding.Types.Kind.OutOfHours, actor,
                    $"{outOfHours.Count} look-up(s) outside working hours ({misuse.WorkingDayStartHour:00}:00 to {misuse.WorkingDayEndHour:00}:00, Monday to Friday, UK time)", outOfHours));
            }

            if (ShieldedRecordFinding(actor, byActor) is { } shielded)
            {
                response.Findings.Add(shielded);
            }
        }

        return response;
    }

    /// <summary>
    /// Runs of more than <paramref name="threshold"/> look-ups within any 60 minutes (a sliding
    /// window, not clock hours: look-ups either side of 10:00 count together), each run starting at
    /// its first look-up and holding every look-up of the hour after it; runs do not overlap.
    /// </summary>
    private static IEnumerable<List<V1.AuditRecord>> BusyHours(List<V1.AuditRecord> byTime, int threshold)
    {
        var start = 0;
        var end = 0;
        while (start < byTime.Count)
        {
            var windowEnd = byTime[start].Time.ToDateTimeOffset().AddHours(1);
            end = Math.Max(end, start);
            while (end < byTime.Count && byTime[end].Time.ToDateTimeOffset() < windowEnd)
            {
                end++;
            }

            if (end - start > threshold)
            {
                yield return byTime.GetRange(start, end - start);
                start = end;
            }
            else
            {
                start++;
            }
        }
    }

    /// <summary>Look-ups that found or opened shielded records, by anyone but the index team (whose
    /// work they are), with the break-glass overrides among them told apart.</summary>
    private static V1.MisuseFinding? ShieldedRecordFinding(V1.AuditActor actor, IEnumerable<V1.AuditRecord> lookups)
    {
        if (actor.Roles.Contains(Common.Security.Roles.IndexAdmin))
        {
            return null;
        }

        var shielded = lookups.Where(r => r.ShieldedChildIds.Count > 0).ToList();
        if (shielded.Count == 0)
        {
            return null;
        }

        var breakGlass = shielded.Where(r => r.BreakGlass).ToList();
        var summary = $"{shielded.Count - breakGlass.Count} look-up(s) of shielded records without break-glass ({Children(shielded.Where(r => !r.BreakGlass))}); " +
            $"{breakGlass.Count} under break-glass ({Children(breakGlass)})";
        return Finding(V1.MisuseFinding.Types.Kind.ShieldedRecord, actor, summary, shielded);

        static string Children(IEnumerable<V1.AuditRecord> records)
        {
            var ids = records.SelectMany(r => r.ShieldedChildIds).Distinct().ToList();
            return ids.Count switch
            {
                0 => "none",
                <= 10 => string.Join(", ", ids),
                _ => string.Join(", ", ids.Take(10)) + $" and {ids.Count - 10} more",
            };
        }
    }

    private bool OutOfHours(DateTimeOffset local) =>
        local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || local.Hour < misuse.WorkingDayStartHour || local.Hour >= misuse.WorkingDayEndHour;

    private static string FamilyKey(string displayName)
    {
        var words = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length < 2 ? string.Empty : NameFolding.Key(words[^1]);
    }

    private static V1.MisuseFinding Finding(V1.MisuseFinding.Types.Kind kind, V1.AuditActor actor, string summary, IEnumerable<V1.AuditRecord> records)
    {
        var finding = new V1.MisuseFinding { Kind = kind, Actor = actor, Summary = summary };
        finding.Sequences.AddRange(records.Select(r => r.Sequence).Take(100));
        return finding;
    }
}
