using ChildIndex.Contracts.V1;

namespace ChildIndex.SyntheticData;

/// <summary>
/// The first children of every generated set, the same for every seed, so that documentation
/// and tests can name them: a child with a former name and a lead professional, a child known to
/// youth justice and cared for by a grandmother, and a baby-turned-five with no fixed abode.
/// </summary>
internal static class Showcase
{
    public const int Count = 3;

    // The payloads (digits 2 to 8 of the NHS numbers, the establishment and serial of the UPNs)
    // held here, which the generated children must never draw.
    public static readonly ulong[] NhsPayloads = [4347659, 4821120, 5103647];
    public static readonly ulong[] UpnPayloads = [2012045, 2034118];

    public static SyntheticChild Create(int index, string requestId) => index switch
    {
        0 => Zoe(requestId),
        1 => Kwame(requestId),
        2 => Siobhan(requestId),
        _ => throw new ArgumentOutOfRangeException(nameof(index), index, "there are three showcase children"),
    };

    private static SyntheticChild Zoe(string requestId)
    {
        var details = new ChildDetails
        {
            Name = Name("Zoë Amara", "Okafor-Davies"),
            Gender = Gender.Female,
            DateOfBirth = Date(2017, 3, 14),
            Address = new Address { Lines = { "12 Hyde Park Road" }, Town = "Leeds", Postcode = "LS6 2AB" },
            OtherNames = { new OtherName { Name = Name("Zoë", "Okafor"), Kind = OtherNameKind.Former } },
            Carers =
            {
                new Carer { Name = Name("Ngozi", "Okafor"), Relationship = CarerRelationship.Mother, HasParentalResponsibility = true, Phone = "07700 900123", Email = "ngozi.okafor@example.com" },
                new Carer { Name = Name("Rhys", "Davies"), Relationship = CarerRelationship.Father, HasParentalResponsibility = true, Phone = "07700 900124" },
            },
        };
        Involvement[] involvements =
        [
            Involvement(ServiceType.EducationSetting, "LS1234", "Hyde Park Primary School", "Mrs Helen Clarke", "Designated safeguarding lead",
                "0113 496 0412", "safeguarding@hydeparkprimary.leeds.sch.example.org", Date(2021, 9, 6)),
            Involvement(ServiceType.GpPractice, "B86001", "Woodhouse Medical Practice", "Dr Priya Raman", "GP",
                "0113 496 0655", "b86001.admin@nhs.example.org", Date(2017, 4, 3)),
            Involvement(ServiceType.SocialCare, "LDS01", "Leeds Children's Social Work Service", "Sam Whitaker", "Social worker",
                "0113 496 0201", "sam.whitaker@leeds.example.org", Date(2025, 1, 15), lead: true, caf: true),
        ];
        return Child(requestId, details, "9434765919", "K383201221045", involvements);
    }

    private static SyntheticChild Kwame(string requestId)
    {
        var details = new ChildDetails
        {
            Name = Name("Kwame", "Mensah"),
            Gender = Gender.Male,
            DateOfBirth = Date(2012, 11, 2),
            Address = new Address { Lines = { "Flat 3", "45 Chapeltown Road" }, Town = "Leeds", Postcode = "LS7 3AP" },
            OtherNames = { new OtherName { Name = Name("Kwame", "Mensah-Boateng"), Kind = OtherNameKind.Alias } },
            Carers =
            {
                new Carer { Name = Name("Abena", "Mensah"), Relationship = CarerRelationship.Grandparent, HasParentalResponsibility = true, Phone = "07700 900456" },
            },
        };
        Involvement[] involvements =
        [
            Involvement(ServiceType.EducationSetting, "LS4021", "Chapeltown Academy", "Mr Daniel Asante", "Head of year",
                "0113 496 0733", "office@chapeltownacademy.leeds.sch.example.org", Date(2024, 9, 4)),
            Involvement(ServiceType.GpPractice, "B86002", "Chapeltown Family Practice", "Dr Imran Hussain", "GP",
                "0113 496 0690", string.Empty, Date(2019, 5, 20)),
            Involvement(ServiceType.YouthOffending, "LDS03", "Leeds Youth Justice Service", "Marcus Reid", "Youth justice officer",
                "0113 496 0388", "marcus.reid@leeds.example.org", Date(2026, 2, 10), lead: true),
        ];
        return Child(requestId, details, "9482112032", "N383203417118", involvements);
    }

    private static SyntheticChild Siobhan(string requestId)
    {
        var details = new ChildDetails
        {
            Name = Name("Siobhán", "O'Brien"),
            Gender = Gender.Female,
            DateOfBirth = Date(2021, 6, 30),
            NoFixedAbode = new NoFixedAbode(),
            Carers =
            {
                new Carer { Name = Name("Aoife", "O'Brien"), Relationship = CarerRelationship.Mother, HasParentalResponsibility = true, Phone = "07700 900789" },
            },
        };
        Involvement[] involvements =
        [
            Involvement(ServiceType.HealthVisitor, "LDS05", "Leeds Health Visiting Service", "Bramley Health Visiting Team", "Health visitor",
                "0113 496 0577", "bramleyhealthvisitingteam@nhs.example.org", Date(2021, 7, 12)),
            Involvement(ServiceType.GpPractice, "B86003", "Kirkgate Health Practice", "Dr Aisha Begum", "GP",
                "0113 496 0720", string.Empty, Date(2021, 7, 20)),
        ];
        return Child(requestId, details, "9510364738", string.Empty, involvements);
    }

    private static SyntheticChild Child(string requestId, ChildDetails details, string nhsNumber, string upn, Involvement[] involvements) =>
        new(new RegisterChildRequest
        {
            RequestId = requestId,
            Details = details,
            Identifiers = new ChildIdentifiers { NhsNumber = nhsNumber, Upn = upn },
        }, involvements);

    private static Involvement Involvement(ServiceType type, string code, string organisation, string practitioner, string role,
        string phone, string email, Google.Type.Date start, bool lead = false, bool caf = false) =>
        new()
        {
            ServiceType = type,
            Organisation = new Organisation { Code = code, Name = organisation },
            PractitionerName = practitioner,
            Role = role,
            Phone = phone,
            Email = email,
            StartDate = start,
            LeadProfessional = lead,
            CafCompleted = caf,
        };

    private static PersonName Name(string given, string family) => new() { GivenNames = given, FamilyName = family };

    private static Google.Type.Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };
}
