using System.CommandLine;
using System.Globalization;
using ChildIndex.Contracts.V1;

namespace ChildIndex.Cli.Commands.Admin;

/// <summary>The four facts of a user's vetting, as options: --dbs-date --dbs-ref --training-date --agreement-date.</summary>
public sealed class VettingOptions
{
    public VettingOptions(bool required)
    {
        DbsDate = Option("--dbs-date", "Date of the enhanced DBS check", "YYYY-MM-DD", required);
        DbsReference = Option("--dbs-ref", "The DBS certificate number (12 digits)", "NUMBER", required);
        TrainingDate = Option("--training-date", "Date the mandatory training was completed", "YYYY-MM-DD", required);
        AgreementDate = Option("--agreement-date", "Date the user agreement was signed", "YYYY-MM-DD", required);
    }

    public Option<string> DbsDate { get; }

    public Option<string> DbsReference { get; }

    public Option<string> TrainingDate { get; }

    public Option<string> AgreementDate { get; }

    public IEnumerable<Option> All => [DbsDate, DbsReference, TrainingDate, AgreementDate];

    /// <summary>The vetting given, or null if none of the options is: the server judges a partial one.</summary>
    public Vetting? Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        if (All.All(option => parsed.GetResult(option) is null))
        {
            return null;
        }

        return new Vetting
        {
            DbsCheckDate = Date(parsed, DbsDate),
            DbsCertificateReference = parsed.GetValue(DbsReference)?.Trim() ?? string.Empty,
            TrainingCompletedDate = Date(parsed, TrainingDate),
            AgreementSignedDate = Date(parsed, AgreementDate),
        };
    }

    internal static Google.Type.Date? Date(ParseResult parsed, Option<string> option)
    {
        var value = parsed.GetValue(option);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : throw new UsageException($"{option.Name} '{value}' is not a date written YYYY-MM-DD");
    }

    private static Option<string> Option(string name, string description, string helpName, bool required) =>
        new(name) { Description = description, HelpName = helpName, Required = required };
}
