using System.Globalization;
using System.Text;
using ChildIndex.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Cli.Output;

/// <summary>Contract values as a practitioner reads them.</summary>
public static class Labels
{
    public static string Date(Google.Type.Date? date) =>
        date is null || date.Year == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2}");

    public static string Time(Timestamp? time) =>
        time is null ? string.Empty : time.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Name(PersonName? name) =>
        name is null ? string.Empty : $"{name.GivenNames} {name.FamilyName}".Trim();

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static string Gender(Gender gender) => Words(gender);

    public static string Status(RecordStatus status) => Words(status);

    public static string Relationship(CarerRelationship relationship) => Words(relationship);

    public static string OtherNameKind(OtherNameKind kind) => Words(kind);

    public static string Service(ServiceType service) => service switch
    {
        ServiceType.GpPractice => "GP practice",
        ServiceType.Camhs => "CAMHS",
        ServiceType.SensitiveUndisclosed => "sensitive service (undisclosed)",
        _ => Words(service),
    };

    public static string Address(Address address) =>
        string.Join(", ", address.Lines.Append(address.Town).Append(address.Postcode).Where(part => part.Length > 0));

    /// <summary>The child's residence: an address, "no fixed abode" or "not known".</summary>
    public static string Residence(ChildDetails details) => details.ResidenceCase switch
    {
        ChildDetails.ResidenceOneofCase.Address => Address(details.Address),
        ChildDetails.ResidenceOneofCase.NoFixedAbode => "no fixed abode",
        _ => "not known",
    };

    // The generated C# names drop the proto prefix ("NotKnown" for GENDER_NOT_KNOWN): as words,
    // "not known".
    private static string Words<T>(T value)
        where T : struct, System.Enum
    {
        var name = value.ToString();
        var words = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
