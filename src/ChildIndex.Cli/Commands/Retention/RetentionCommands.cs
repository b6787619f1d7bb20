using System.CommandLine;
using ChildIndex.Cli.Commands.Admin;
using ChildIndex.Cli.Commands.Shielding;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Retention;

/// <summary>`childindex retention ...`: the index team's retention facts (death, extension to 25,
/// legal hold) and a run of the retention rules now, or a dry run that says what it would do.</summary>
public static class RetentionCommands
{
    private static readonly Dictionary<string, RetentionExtension> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["care-leaver"] = RetentionExtension.CareLeaver,
        ["learning-difficulty"] = RetentionExtension.LearningDifficulty,
        ["none"] = RetentionExtension.None,
    };

    public static Command Create(CommandHost host) => new("retention", "Archive at 18 (25 with an extension), a year after death; purge 6 years after archiving unless held (index team)")
    {
        Run(host), Death(host), Extend(host), Hold(host, hold: true), Hold(host, hold: false),
    };

    /// <summary>`childindex subject-access CHILD-ID`: the record and every access to it, by organisation
    /// and time, for a disclosure to the data subject (--json for the whole report as data).</summary>
    public static Command SubjectAccess(CommandHost host)
    {
        var childId = ShieldCommands.ChildIdArgument();
        var command = new Command("subject-access", "The record as held and which organisations looked at it and when, for a subject access request (index team)") { childId };
        ManagementCall.Set(
            host,
            command,
            parsed => new SubjectAccessRequest { ChildId = parsed.GetValue(childId)!.Trim() },
            (client, request, options) => client.SubjectAccessAsync(request, options),
            (context, report) => RetentionTables.WriteSubjectAccess(context.Console, report));
        return command;
    }

    private static Command Run(CommandHost host)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be archived and purged; change nothing" };
        var command = new Command("run", "Apply the retention rules now, as the daily job does") { dryRun };
        ManagementCall.Set(
            host,
            command,
            parsed => new RunRetentionRequest { DryRun = parsed.GetValue(dryRun) },
            (client, request, options) => client.RunRetentionAsync(request, options),
            (context, run) => RetentionTables.WriteRun(context.Console, run));
        return command;
    }

    private static Command Death(CommandHost host)
    {
        var childId = ShieldCommands.ChildIdArgument();
        var date = new Option<string>("--date") { Description = "The date of death, YYYY-MM-DD", HelpName = "DATE", Required = true };
        var command = new Command("death", "Record a child's death: the record is archived a year later") { childId, date };
        ManagementCall.Set(
            host,
            command,
            parsed => new RecordDeathRequest { ChildId = parsed.GetValue(childId)!.Trim(), DateOfDeath = VettingOptions.Date(parsed, date) },
            (client, request, options) => client.RecordDeathAsync(request, options),
            (context, state) => RetentionTables.WriteState(context.Console, state));
        return command;
    }

    private static Command Extend(CommandHost host)
    {
        var childId = ShieldCommands.ChildIdArgument();
        var reason = new Option<string>("--reason")
        {
            Description = $"Why the record is kept to 25, with the young person's consent: {string.Join(", ", Extensions.Keys)} (none removes it)",
            HelpName = "REASON",
            Required = true,
        };
        var command = new Command("extend", "Keep a record until the 25th birthday instead of the 18th") { childId, reason };
        ManagementCall.Set(
            host,
            command,
            parsed => new SetRetentionExtensionRequest
            {
                ChildId = parsed.GetValue(childId)!.Trim(),
                Extension = Extensions.TryGetValue(parsed.GetValue(reason)?.Trim() ?? string.Empty, out var extension)
                    ? extension
                    : throw new UsageException($"--reason '{parsed.GetValue(reason)}' is not one of {string.Join(", ", Extensions.Keys)}"),
            },
            (client, request, options) => client.SetRetentionExtensionAsync(request, options),
            (context, state) => RetentionTables.WriteState(context.Console, state));
        return command;
    }

    private static Command Hold(CommandHost host, bool hold)
    {
        var childId = ShieldCommands.ChildIdArgument();
        var reason = new Option<string>("--reason")
        {
            Description = hold ? "Why the record must not be purged (a court order, an inquiry), up to 200 characters" : "Why the hold is lifted, up to 200 characters",
            HelpName = "TEXT",
            Required = true,
        };
        var command = new Command(hold ? "hold" : "release", hold ? "Place a legal hold: the record is never purged while it is on" : "Lift a legal hold") { childId, reason };
        ManagementCall.Set(
            host,
            command,
            parsed => new SetLegalHoldRequest { ChildId = parsed.GetValue(childId)!.Trim(), Hold = hold, Reason = parsed.GetValue(reason)!.Trim() },
            (client, request, options) => client.SetLegalHoldAsync(request, options),
            (context, state) => RetentionTables.WriteState(context.Console, state));
        return command;
    }
}
