using ChildIndex.Contracts.V1;
using ChildIndex.Portal.Pages.Involvements;

namespace ChildIndex.Portal.Pages.IdentityAdmin;

/// <summary>A vetting record's four questions (three GOV.UK date inputs and the DBS certificate
/// number), bound as one object so the enrol and record-vetting pages ask them the same way.</summary>
public sealed class VettingInput
{
    /// <summary>The API's field paths and the fields that answer them, for the error summary.</summary>
    public static readonly Dictionary<string, (string Id, string Label)> Fields = new()
    {
        ["vetting.dbs_check_date"] = ("dbs-date-day", "DBS check date"),
        ["vetting.dbs_certificate_reference"] = ("dbs-reference", "DBS certificate number"),
        ["vetting.training_completed_date"] = ("training-date-day", "Training completed date"),
        ["vetting.agreement_signed_date"] = ("agreement-date-day", "Agreement signed date"),
        ["vetting"] = ("dbs-date-day", "Vetting"),
    };

    public string? DbsDateDay { get; set; }
    public string? DbsDateMonth { get; set; }
    public string? DbsDateYear { get; set; }
    public string? DbsReference { get; set; }
    public string? TrainingDateDay { get; set; }
    public string? TrainingDateMonth { get; set; }
    public string? TrainingDateYear { get; set; }
    public string? AgreementDateDay { get; set; }
    public string? AgreementDateMonth { get; set; }
    public string? AgreementDateYear { get; set; }

    public bool IsEmpty => new[]
    {
        DbsDateDay, DbsDateMonth, DbsDateYear, DbsReference, TrainingDateDay, TrainingDateMonth,
        TrainingDateYear, AgreementDateDay, AgreementDateMonth, AgreementDateYear,
    }.All(string.IsNullOrWhiteSpace);

    /// <summary>The vetting as the API takes it, or null with every unanswered or impossible
    /// question added to <paramref name="page"/>'s errors.</summary>
    public Vetting? Read(PortalPageModel page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var dbs = Date(page, "dbs-date-day", "DBS check date", DbsDateDay, DbsDateMonth, DbsDateYear);
        var reference = (DbsReference ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (reference.Length != 12 || !reference.All(char.IsAsciiDigit))
        {
            page.AddError("dbs-reference", "Enter the 12-digit DBS certificate number");
        }

        var training = Date(page, "training-date-day", "Training completed date", TrainingDateDay, TrainingDateMonth, TrainingDateYear);
        var agreement = Date(page, "agreement-date-day", "Agreement signed date", AgreementDateDay, AgreementDateMonth, AgreementDateYear);
        return page.Errors.Count > 0 ? null : new Vetting
        {
            DbsCheckDate = dbs,
            DbsCertificateReference = reference,
            TrainingCompletedDate = training,
            AgreementSignedDate = agreement,
        };
    }

    public static VettingInput From(Vetting? vetting) => new()
    {
        DbsDateDay = Part(vetting?.DbsCheckDate, d => d.Day),
        DbsDateMonth = Part(vetting?.DbsCheckDate, d => d.Month),
        DbsDateYear = Part(vetting?.DbsCheckDate, d => d.Year),
        DbsReference = vetting?.DbsCertificateReference,
        TrainingDateDay = Part(vetting?.TrainingCompletedDate, d => d.Day),
        TrainingDateMonth = Part(vetting?.TrainingCompletedDate, d => d.Month),
        TrainingDateYear = Part(vetting?.TrainingCompletedDate, d => d.Year),
        AgreementDateDay = Part(vetting?.AgreementSignedDate, d => d.Day),
        AgreementDateMonth = Part(vetting?.AgreementSignedDate, d => d.Month),
        AgreementDateYear = Part(vetting?.AgreementSignedDate, d => d.Year),
    };

    private static Google.Type.Date? Date(PortalPageModel page, string id, string label, string? day, string? month, string? year)
    {
        var date = DateInput.Read(day, month, year);
        if (date is null)
        {
            page.AddError(id, $"{label} must be a real date, like 27 3 2026");
        }

        return date;
    }

    private static string? Part(Google.Type.Date? date, Func<Google.Type.Date, int> part) =>
        date is null || date.Year == 0 ? null : part(date).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
