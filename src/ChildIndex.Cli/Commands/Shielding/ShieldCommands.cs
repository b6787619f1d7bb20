using System.CommandLine;
using ChildIndex.Cli.Output;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Shielding;

/// <summary>`childindex shield` and `childindex unshield`: the index team restricts a record to what
/// identifies the child, or lifts the restriction.</summary>
public static class ShieldCommands
{
    private static readonly Dictionary<string, ShieldReason> Reasons = new(StringComparer.OrdinalIgnoreCase)
    {
        ["domestic-abuse"] = ShieldReason.DomesticAbuse,
        ["witness-protection"] = ShieldReason.WitnessProtection,
        ["other-risk"] = ShieldReason.OtherRisk,
    };

    public static Command Shield(CommandHost host)
    {
        var childId = ChildIdArgument();
        var reason = new Option<string>("--reason")
        {
            Description = $"Why showing the child's whereabouts is a risk: {string.Join(", ", Reasons.Keys)}",
            HelpName = "REASON",
            Required = true,
        };
        var justification = Justification("Optional: more about why, up to 200 characters on one line (kept with the shield and in the audit trail)", required: false);
        var command = new Command("shield", "Shield a record (index team): others then see only the child's name, gender, date of birth and carers' names")
        {
            childId, reason, justification,
        };
        ManagementCall.Set(
            host,
            command,
            parsed => new ShieldChildRequest
            {
                ChildId = parsed.GetValue(childId)!.Trim(),
                Reason = ReadReason(parsed.GetValue(reason)),
                Justification = parsed.GetValue(justification)?.Trim() ?? string.Empty,
            },
            (client, request, options) => client.ShieldChildAsync(request, options),
            (context, state) => ShieldingTables.WriteState(context.Console, state));
        return command;
    }

    public static Command Unshield(CommandHost host)
    {
        var childId = ChildIdArgument();
        var justification = Justification("Why the shield is lifted, up to 200 characters on one line (recorded in the audit trail)", required: true);
        var command = new Command("unshield", "Lift a record's shield (index team): everyone sees the whole record again") { childId, justification };
        ManagementCall.Set(
            host,
            command,
            parsed => new UnshieldChildRequest { ChildId = parsed.GetValue(childId)!.Trim(), Justification = parsed.GetValue(justification)!.Trim() },
            (client, request, options) => client.UnshieldChildAsync(request, options),
            (context, state) => ShieldingTables.WriteState(context.Console, state));
        return command;
    }

    public static Argument<string> ChildIdArgument() =>
        new("CHILD-ID") { Description = "The index identifier, XXXX-XXXX-C (any case, hyphens optional)" };

    public static Option<string> Justification(string description, bool required) =>
        new("--justification") { Description = description, HelpName = "TEXT", Required = required };

    private static ShieldReason ReadReason(string? value) =>
        Reasons.TryGetValue(value?.Trim() ?? string.Empty, out var reason)
            ? reason
            : throw new UsageException($"--reason '{value}' is not one of {string.Join(", ", Reasons.Keys)}");
}
