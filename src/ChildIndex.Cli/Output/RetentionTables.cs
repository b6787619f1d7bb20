using ChildIndex.Contracts.V1;
using Spectre.Console;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>A record's retention and a retention run, as the index team reads them.</summary>
public static class RetentionTables
{
    public static void WriteState(IAnsiConsole console, RetentionState state)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(state);
        var facts = new List<string> { $"{state.ChildId}: {state.Status.ToString().ToLowerInvariant()}" };
        if (state.DateOfDeath is not null)
        {
            facts.Add($"died {Labels.Date(state.DateOfDeath)}");
        }

        facts.Add(state.ArchivedOn is null
            ? $"archive due {Labels.Date(state.ArchiveDue)}{(state.Extension == RetentionExtension.None ? string.Empty : $" (extended: {state.Extension})")}"
            : $"archived {Labels.Date(state.ArchivedOn)}, purge due {Labels.Date(state.PurgeDue)}");
        if (state.LegalHold)
        {
            facts.Add($"legal hold: {state.LegalHoldReason}");
        }

        console.WriteLine(string.Join("; ", facts));
    }

    /// <summary>A printable disclosure: the record as <c>show</c> prints it, then every access.</summary>
    public static void WriteSubjectAccess(IAnsiConsole console, SubjectAccessReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        console.WriteLine($"Subject access report for {report.Record.ChildId}, produced {Labels.Time(report.GeneratedAt)}. OFFICIAL-SENSITIVE: check what must be withheld before disclosing.");
        console.WriteLine();
        ChildTables.WriteRecord(console, report.Record);
        console.WriteLine();
        console.WriteLine($"{report.Accesses.Count} recorded accesses, newest first:");
        var table = new Table().AddColumns("When", "Organisation", "Action", "Purpose", "Outcome");
        foreach (var access in report.Accesses)
        {
            var organisation = access.OrganisationCode.Length == 0 ? "the index itself" : $"{access.OrganisationName} ({access.OrganisationCode})";
            table.AddRow(Cells([Labels.Time(access.Time), organisation, access.BreakGlass ? $"{access.Action} (break-glass)" : access.Action,
                access.Purpose == AccessPurposeCode.Unspecified ? string.Empty : Commands.PurposeOptions.Name(access.Purpose), access.Outcome]));
        }

        console.Write(table);
        if (report.InconsistentRows > 0)
        {
            console.WriteLine($"WARNING: {report.InconsistentRows} rows of the audit trail linked to this child do not match their signed records and were left out: ask the security officers to verify the trail.");
        }
    }

    public static void WriteRun(IAnsiConsole console, RunRetentionResponse run)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(run);
        var verb = run.DryRun ? "would be" : "were";
        console.WriteLine($"{(run.DryRun ? "Dry run for" : "Retention run for")} {Labels.Date(run.Today)}: {run.Archived} {verb} archived, {run.Purged} {verb} purged, {run.Held} held by a legal hold.");
        if (run.Changes.Count == 0)
        {
            return;
        }

        var table = new Table().AddColumns("Child ID", "Action", "Rule", "Due");
        foreach (var change in run.Changes)
        {
            table.AddRow(Cells([change.ChildId, change.Action.ToString().ToLowerInvariant(), change.Rule, Labels.Date(change.Due)]));
        }

        console.Write(table);
    }
}
