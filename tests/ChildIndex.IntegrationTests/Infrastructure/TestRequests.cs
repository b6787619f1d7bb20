using ChildIndex.Contracts.V1;
using Google.Type;

namespace ChildIndex.IntegrationTests.Infrastructure;

/// <summary>Valid requests with fresh identifiers, so that tests sharing a database never meet.</summary>
public static class TestRequests
{
    public static string NewRequestId() => Guid.NewGuid().ToString();

    /// <summary>The stated reason every look-up needs.</summary>
    public static AccessPurpose Purpose() => new() { Code = AccessPurposeCode.ServiceDelivery, Justification = "integration test" };

    /// <summary>A random NHS number with a valid modulus 11 check digit.</summary>
    public static string NewNhsNumber()
    {
        while (true)
        {
            var digits = Enumerable.Range(0, 9).Select(_ => Random.Shared.Next(10)).ToArray();
            var sum = digits.Select((d, i) => d * (10 - i)).Sum();
            var check = 11 - (sum % 11);
            if (check == 11)
            {
                check = 0;
            }

            if (check != 10)
            {
                return string.Concat(digits) + check;
            }
        }
    }

    /// <summary>A random permanent UPN with a valid check letter.</summary>
    public static string NewUpn()
    {
        const string letters = "ABCDEFGHJKLMNPQRTUVWXYZ";
        var digits = Enumerable.Range(0, 12).Select(_ => Random.Shared.Next(10)).ToArray();
        var sum = digits.Select((d, i) => d * (i + 2)).Sum();
        return letters[sum % 23] + string.Concat(digits);
    }

    /// <summary>A family name no other test's is spelt like: 12 letters drawn from all 26, with no
    /// shared prefix (a common "Test" prefix and ten letters from a to j made names that fuzzy
    /// matching rightly called similar, and searches found each other's children).</summary>
    public static string NewFamilyName() =>
        string.Create(12, 0, (letters, _) =>
        {
            for (var i = 0; i < letters.Length; i++)
            {
                letters[i] = (char)((i == 0 ? 'A' : 'a') + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
            }
        });

    public static Date Date(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    public static ChildDetails Details(string? familyName = null, Date? dateOfBirth = null, string postcode = "LS6 2AB") => new()
    {
        Name = new PersonName { GivenNames = "Amara Grace", FamilyName = familyName ?? NewFamilyName() },
        Gender = Gender.Female,
        DateOfBirth = dateOfBirth ?? Date(2016, 3, 14),
        Address = new Address { Lines = { "12 Hyde Park Road" }, Town = "Leeds", Postcode = postcode },
        Carers =
        {
            new Carer
            {
                Name = new PersonName { GivenNames = "Ngozi", FamilyName = "Okafor" },
                Relationship = CarerRelationship.Mother,
                HasParentalResponsibility = true,
                Phone = "07700 900123",
            },
        },
    };

    public static RegisterChildRequest Registration(ChildDetails? details = null, string? nhsNumber = null) => new()
    {
        RequestId = NewRequestId(),
        Details = details ?? Details(),
        Identifiers = new ChildIdentifiers { NhsNumber = nhsNumber ?? NewNhsNumber() },
    };

    /// <summary>A registration as an agency system of LS1234 sends it: with its own identifier for
    /// the child, which the directory requires of agency systems.</summary>
    public static RegisterChildRequest AgencyRegistration(string organisationCode = "LS1234")
    {
        var request = Registration();
        request.Identifiers.LocalIds.Add(new LocalIdentifier { OrganisationCode = organisationCode, Value = $"MIS-{Guid.NewGuid():N}"[..20] });
        return request;
    }

    public static Involvement Involvement(ServiceType type = ServiceType.EducationSetting, bool lead = false) => new()
    {
        ServiceType = type,
        Organisation = new Organisation { Code = "LS123", Name = "Hyde Park Primary School" },
        PractitionerName = "Jo Bloggs",
        Role = "Class teacher",
        Phone = "0113 496 0000",
        Email = "jo.bloggs@hydepark.example.sch.uk",
        StartDate = Date(2021, 9, 1),
        LeadProfessional = lead,
    };
}
