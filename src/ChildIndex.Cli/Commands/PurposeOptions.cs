using System.CommandLine;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands;

/// <summary>
/// Why a look-up is made: required on every search and show, and recorded in the audit trail with
/// what was searched for and shown. No default: a reason nobody chose is no reason.
/// </summary>
public sealed class PurposeOptions
{
    private static readonly Dictionary<string, AccessPurposeCode> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["safeguarding"] = AccessPurposeCode.SafeguardingConcern,
        ["service-delivery"] = AccessPurposeCode.ServiceDelivery,
        ["assessment"] = AccessPurposeCode.Assessment,
        ["transfer"] = AccessPurposeCode.TransferIntoService,
        ["data-quality"] = AccessPurposeCode.DataQuality,
        ["s47"] = AccessPurposeCode.ChildProtectionEnquiry,
        ["serious-case-review"] = AccessPurposeCode.SeriousCaseReview,
        ["child-death-review"] = AccessPurposeCode.ChildDeathReview,
    };

    public Option<string> Purpose { get; } = new("--purpose")
    {
        Description = $"Why you are looking: {string.Join(", ", Codes.Keys)} (required; recorded in the audit trail)",
        HelpName = "PURPOSE",
    };

    public Option<string> Reason { get; } = new("--reason")
    {
        Description = "A short justification, up to 200 characters (recorded in the audit trail)",
        HelpName = "TEXT",
    };

    /// <summary>The name a purpose is given on the command line ("safeguarding"), for showing
    /// what was stated in the audit trail; "none stated" when it was not.</summary>
    public static string Name(AccessPurposeCode code) =>
        Codes.FirstOrDefault(pair => pair.Value == code).Key ?? (code == AccessPurposeCode.Unspecified ? "none stated" : code.ToString());

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Purpose);
        command.Options.Add(Reason);
    }

    public AccessPurpose Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var purpose = parsed.GetValue(Purpose);
        if (string.IsNullOrWhiteSpace(purpose))
        {
            throw new UsageException($"--purpose is required: say why you are looking ({string.Join(", ", Codes.Keys)})");
        }

        if (!Codes.TryGetValue(purpose.Trim(), out var code))
        {
            throw new UsageException($"--purpose '{purpose}' is not one of {string.Join(", ", Codes.Keys)}");
        }

        return new AccessPurpose { Code = code, Justification = parsed.GetValue(Reason)?.Trim() ?? string.Empty };
    }
}
