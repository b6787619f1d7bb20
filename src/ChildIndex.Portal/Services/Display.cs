using System.Globalization;
using ChildIndex.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Portal.Services;

/// <summary>How the directory's values read to a person: GOV.UK dates ("14 March 2017"), UK local
/// times with their offset, and plain words for the contract's enumerations.</summary>
public static class Display
{
    private static readonly CultureInfo UkCulture = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo UkTime = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static readonly (AccessPurposeCode Code, string Value, string Label, string Hint)[] Purposes =
    [
        (AccessPurposeCode.SafeguardingConcern, "safeguarding-concern", "Safeguarding concern", "A concern that a child is suffering, or likely to suffer, harm"),
        (AccessPurposeCode.ServiceDelivery, "service-delivery", "Service delivery", "Providing or coordinating a service for the child"),
        (AccessPurposeCode.Assessment, "assessment", "Assessment", "For example under the Common Assessment Framework (CAF)"),
        (AccessPurposeCode.TransferIntoService, "transfer-into-service", "Transfer into service", "The child is moving into your service or area"),
        (AccessPurposeCode.ChildProtectionEnquiry, "child-protection-enquiry", "Child protection enquiry", "An enquiry under section 47 of the Children Act 1989"),
        (AccessPurposeCode.SeriousCaseReview, "serious-case-review", "Serious case review", "A local child safeguarding practice review"),
        (AccessPurposeCode.ChildDeathReview, "child-death-review", "Child death review", "A review of a child's death"),
        (AccessPurposeCode.DataQuality, "data-quality", "Data quality", "Index team work: checking or correcting records"),
    ];

    public static AccessPurposeCode? ParsePurpose(string? value) =>
        Purposes.Where(p => p.Value == value).Select(p => (AccessPurposeCode?)p.Code).FirstOrDefault();

    public static string Purpose(AccessPurposeCode code) =>
        Purposes.Where(p => p.Code == code).Select(p => p.Label).FirstOrDefault() ?? "Not stated";

    public static string Date(Google.Type.Date? date) =>
        date is null || date.Year == 0 ? string.Empty : new DateOnly(date.Year, date.Month, date.Day).ToString("d MMMM yyyy", UkCulture);

    /// <summary>UK local time with its offset, so a reader never has to guess GMT or BST.</summary>
    public static string Time(Timestamp? timestamp) => timestamp is null ? string.Empty : Time(timestamp.ToDateTimeOffset());

    public static string Time(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, UkTime);
        return local.ToString("d MMMM yyyy, HH:mm:ss", UkCulture) + " (UTC" + local.ToString("zzz", UkCulture) + ")";
    }

    public static string Name(PersonName? name) => name is null ? string.Empty : $"{name.GivenNames} {name.FamilyName}".Trim();

    public static string Gender(Gender gender) => gender switch
    {
        Contracts.V1.Gender.Male => "Male",
        Contracts.V1.Gender.Female => "Female",
        Contracts.V1.Gender.NotSpecified => "Not specified",
        _ => "Not known",
    };

    /// <summary>"StepParent" reads "Step parent".</summary>
    public static string Words(string pascalCase) =>
        string.Concat(pascalCase.Select((c, i) => i == 0 ? c.ToString() : char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    public static string Service(ServiceType type) => type switch
    {
        ServiceType.EducationSetting => "Education setting",
        ServiceType.GpPractice => "GP practice",
        ServiceType.HealthVisitor => "Health visitor",
        ServiceType.SchoolNurse => "School nurse",
        ServiceType.SocialCare => "Social care",
        ServiceType.YouthOffending => "Youth offending",
        ServiceType.Camhs => "CAMHS",
        ServiceType.EarlyHelp => "Early help",
        ServiceType.SexualHealth => "Sexual health",
        ServiceType.MentalHealth => "Mental health",
        ServiceType.SubstanceMisuse => "Substance misuse",
        ServiceType.SensitiveUndisclosed => "A sensitive service",
        ServiceType.Other => "Other",
        _ => "Not known",
    };

    public static string Relationship(CarerRelationship relationship) => Words(relationship.ToString());

    public static string Status(RecordStatus status) => status switch
    {
        RecordStatus.Active => "Active",
        RecordStatus.Deceased => "Deceased",
        RecordStatus.Archived => "Archived",
        RecordStatus.Merged => "Merged",
        _ => "Not known",
    };
}
