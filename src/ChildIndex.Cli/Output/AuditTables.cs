using System.Globalization;
using ChildIndex.Cli.Commands;
using ChildIndex.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>The audit trail as a security officer reads it: who, when, what, why, which children.
/// Every value is plain text, never markup: criteria and justifications are what callers typed.</summary>
public static class AuditTables
{
    /// <summary>`audit query`: one row per record, newest first.</summary>
    public static void WriteRecords(IAnsiConsole console, IReadOnlyList<AuditRecord> records, bool more)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            console.WriteLine("no audit records match");
            return;
        }

        var searches = records.Any(r => r.Search is not null || r.ResultChildIds.Count > 0);
        var table = new Table().AddColumns("Seq", "Time (UTC)", "Action", "Outcome", "Actor", "Purpose", "Children");
        if (searches)
        {
            table.AddColumn("Search: criteria, children returned");
        }

        foreach (var record in records)
        {
            var cells = new List<string>
            {
                Sequence(record.Sequence),
                Time(record.Time),
                Action(record.Action),
                Outcome(record),
                Actor(record.Actor),
                Purpose(record.Purpose),
                string.Join('\n', record.ChildIds),
            };
            if (searches)
            {
                cells.Add(Search(record));
            }

            table.AddRow(Cells(cells));
        }

        console.Write(table);
        console.WriteLine(Count(records.Count, "record", "records"));
        if (more)
        {
            console.WriteLine("more records match: raise --limit, or narrow with --from, --to and the other filters");
        }
    }

    /// <summary>`audit who-accessed`: who looked at one child, when, why, and what came of it.</summary>
    public static void WriteAccesses(IAnsiConsole console, string childId, IReadOnlyList<AuditRecord> records, bool more)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            console.WriteLine($"no recorded access to child {childId}");
            return;
        }

        var table = new Table().AddColumns("Seq", "Time (UTC)", "Who", "Action", "Purpose", "Justification", "Outcome");
        foreach (var record in records)
        {
            table.AddRow(Cells(
            [
                Sequence(record.Sequence),
                Time(record.Time),
                Actor(record.Actor),
                Action(record.Action),
                record.Purpose is null ? string.Empty : PurposeOptions.Name(record.Purpose.Code),
                Justification(record),
                Outcome(record),
            ]));
        }

        console.Write(table);
        console.WriteLine($"{Count(records.Count, "access", "accesses")} to child {childId}");
        if (more)
        {
            console.WriteLine("there are older accesses: raise --limit to see them");
        }
    }

    /// <summary>`audit misuse`: one row per finding.</summary>
    public static void WriteFindings(IAnsiConsole console, MisuseReportResponse report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        if (report.Truncated)
        {
            console.WriteLine("warning: the range holds more look-ups than one report reads; only the oldest were examined: split the range");
        }

        if (report.Findings.Count == 0)
        {
            console.WriteLine("no findings: no pattern of possible misuse in the range");
            return;
        }

        var table = new Table().AddColumns("Kind", "Actor", "Summary", "Records");
        foreach (var finding in report.Findings)
        {
            table.AddRow(Cells(
            [
                Kind(finding.Kind),
                Actor(finding.Actor),
                finding.Summary,
                string.Join(", ", finding.Sequences.Select(Sequence)),
            ]));
        }

        console.Write(table);
        console.WriteLine(Count(report.Findings.Count, "finding", "findings"));
    }

    /// <summary>"GetChild" for "childindex.v1.ChildDirectory/GetChild", "SignInSucceeded" for
    /// "identity/SignInSucceeded": what --action accepts.</summary>
    public static string Action(string action) =>
        action.LastIndexOf('/') is var slash and >= 0 ? action[(slash + 1)..] : action;

    public static string Time(Timestamp? time) =>
        time is null ? string.Empty : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Hex(ByteString bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Convert.ToHexStringLower(bytes.Span);
    }

    /// <summary>A checkpoint in one line: what it proves, and by which key.</summary>
    public static string Checkpoint(SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return string.Create(CultureInfo.InvariantCulture,
            $"tree size {checkpoint.TreeSize}, root {Hex(checkpoint.RootHash)}, {Time(checkpoint.Time)} UTC, key id {checkpoint.KeyId}");
    }

    /// <summary>Name, organisation, roles, then the subject (what --actor takes; an agency
    /// system's client id), one to a line.</summary>
    private static string Actor(AuditActor? actor)
    {
        if (actor is null || (actor.Subject.Length == 0 && actor.DisplayName.Length == 0))
        {
            return "(not authenticated)";
        }

        var organisation = $"{actor.OrganisationCode} {actor.OrganisationName}".Trim();
        string[] lines = [actor.DisplayName, organisation, string.Join(", ", actor.Roles), actor.Subject];
        return string.Join('\n', lines.Where(line => line.Length > 0).Distinct());
    }

    private static string Outcome(AuditRecord record) =>
        record.PersonalData == PersonalData.Erased ? $"{record.Outcome} (what it held of the child was erased by a purge)"
        : record.Detail.Length > 0 ? $"{record.Outcome}: {record.Detail}" : record.Outcome;

    private static string Purpose(AccessPurpose? purpose) =>
        purpose is null ? string.Empty
        : purpose.Justification.Length > 0 ? $"{PurposeOptions.Name(purpose.Code)}: {purpose.Justification}"
        : PurposeOptions.Name(purpose.Code);

    /// <summary>The criteria as sent, then the children returned, in order.</summary>
    private static string Search(AuditRecord record)
    {
        var criteria = record.Search is null ? string.Empty : Criteria(record.Search);
        var results = record.ResultChildIds.Count == 0 ? "none returned" : $"returned {string.Join(", ", record.ResultChildIds)}";
        return record.Search is null && record.ResultChildIds.Count == 0 ? string.Empty : $"{criteria}\n{results}".Trim();
    }

    /// <summary>Every criterion that was given, read from the message itself so that a criterion
    /// added to the contract shows without a change here.</summary>
    private static string Criteria(SearchChildrenRequest search) => search.CriteriaCase switch
    {
        SearchChildrenRequest.CriteriaOneofCase.ChildId => $"child id {search.ChildId}",
        SearchChildrenRequest.CriteriaOneofCase.NhsNumber => $"NHS number {search.NhsNumber}",
        SearchChildrenRequest.CriteriaOneofCase.Upn => $"UPN {search.Upn}",
        SearchChildrenRequest.CriteriaOneofCase.Name => string.Join(", ", GivenFields(search.Name)),
        _ => "no criteria",
    };

    private static IEnumerable<string> GivenFields(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            var text = value switch
            {
                Google.Type.Date date => Labels.Date(date),
                string s => s,
                int n when n != 0 => n.ToString(CultureInfo.InvariantCulture),
                bool b when b => "yes",
                IMessage other when field.FieldType == FieldType.Message => other.ToString(),
                _ => string.Empty,
            };
            if (!string.IsNullOrEmpty(text))
            {
                yield return $"{field.Name.Replace('_', ' ')} {text}";
            }
        }
    }

    private static string Kind(MisuseFinding.Types.Kind kind) => kind switch
    {
        MisuseFinding.Types.Kind.HighVolume => "high volume",
        MisuseFinding.Types.Kind.OwnFamilyName => "own family name",
        MisuseFinding.Types.Kind.OutOfHours => "out of hours",
        MisuseFinding.Types.Kind.ShieldedRecord => "shielded record",
        _ => kind.ToString(),
    };

    private static string Sequence(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    /// <summary>The purpose's justification; for a look-up under break-glass without one, the
    /// override's own, from the record's detail ("[under ]break-glass ID: justification").</summary>
    private static string Justification(AuditRecord record) =>
        record.Purpose?.Justification is { Length: > 0 } justification ? justification
            : record.BreakGlass && record.Detail.IndexOf(": ", StringComparison.Ordinal) is var colon and >= 0 ? record.Detail[(colon + 2)..]
            : string.Empty;
}
