using System.Globalization;
using System.Security.Cryptography;
using ChildIndex.Contracts.V1;
using ChildIndex.Core.Validation;
using ChildIndex.SyntheticData;
using Google.Protobuf;
using ChildIndex.Common.Errors;

namespace ChildIndex.UnitTests.SyntheticData;

public sealed class SyntheticChildrenTests
{
    private const int Seed = 20261125;
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void Generate_WithSameSeed_ProducesIdenticalChildren()
    {
        var first = Fingerprints(Generate(3000));
        var second = Fingerprints(Generate(3000));

        Assert.Equal(first, second);
    }

    [Fact]
    public void Generate_UnderAnotherCulture_ProducesIdenticalChildren()
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            var invariant = Fingerprints(Generate(1000));
            // Turkish: "I".ToLower() is "ı"; German: "," is the decimal separator.
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("tr-TR");
            var turkish = Fingerprints(Generate(1000));
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            var german = Fingerprints(Generate(1000));

            Assert.Equal(invariant, turkish);
            Assert.Equal(invariant, german);
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }

    [Fact]
    public void Generate_FirstThousandChildren_MatchTheRecordedFingerprint()
    {
        // The demo directory and the benchmark's data must not drift between machines or runs.
        // Changing the generator on purpose changes this value: record the new one.
        const string Recorded = "628E7DB975C85AA78E3185F969CAAA25C21D3F51A29AE9144616FF012BBFB647";

        var hash = SHA256.Create();
        foreach (var child in Generate(1000))
        {
            var bytes = Bytes(child);
            hash.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        hash.TransformFinalBlock([], 0, 0);
        Assert.Equal(Recorded, Convert.ToHexString(hash.Hash!));
    }

    [Fact]
    public void Generate_WithDifferentSeeds_ProducesDifferentChildren()
    {
        var one = Generate(1000, seed: 1);
        var two = Generate(1000, seed: 2);

        var same = 0;
        for (var i = SyntheticChildren.ShowcaseCount; i < one.Count; i++)
        {
            if (WithoutRequestId(one[i].Registration).Equals(WithoutRequestId(two[i].Registration)))
            {
                same++;
            }
        }

        Assert.Equal(0, same);
        Assert.NotEqual(one[0].Registration.RequestId, two[0].Registration.RequestId);
    }

    [Fact]
    public void Generate_FromAStartIndex_ContinuesTheSameStream()
    {
        var whole = Fingerprints(Generate(600));
        var resumed = Fingerprints([.. new SyntheticChildren(Seed, Today).Generate(2, 598)]);

        Assert.Equal(whole.Skip(2), resumed);
    }

    [Fact]
    public void Generate_BeyondMaxCountOrNegative_Throws()
    {
        var generator = new SyntheticChildren(Seed, Today);

        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(SyntheticChildren.MaxCount - 5, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Generate(-1, 10));
    }

    [Fact]
    public void Generate_EveryRegistration_PassesServerValidation()
    {
        var children = Generate(10_000);

        var problems = new List<string>();
        for (var i = 0; i < children.Count; i++)
        {
            var (registration, involvements) = children[i];
            var violations = new Violations();
            FieldRules.RequestId(registration.RequestId, "request_id", violations);
            var child = RecordReader.ReadDetails(registration.Details, "details", violations, Today);
            var identifiers = RecordReader.ReadIdentifiers(registration.Identifiers, "identifiers", violations);
            if (identifiers.NhsNumber is null)
            {
                violations.Add("identifiers.nhs_number", "is missing: every child has one");
            }

            // The server stores names NFC-normalised; the generator must write them that way, or
            // what it registered would differ from what it reads back.
            if (child.GivenNames != registration.Details.Name.GivenNames || child.FamilyName != registration.Details.Name.FamilyName)
            {
                violations.Add("details.name", "changes when the server normalises it");
            }

            if (registration.Details.OtherNames.Any(o => o.Name.Equals(registration.Details.Name)))
            {
                violations.Add("details.other_names", "repeats the current name");
            }

            if (involvements.Count is < 1 or > 5)
            {
                violations.Add("involvements", $"has {involvements.Count} entries, expected 1 to 5");
            }

            for (var j = 0; j < involvements.Count; j++)
            {
                var involvement = RecordReader.ReadInvolvement(involvements[j], $"involvements[{j}]", violations, Today);
                // InvolvementRegistrar's rule, checked against the stored child.
                if (involvement.StartDate < child.DateOfBirth)
                {
                    violations.Add($"involvements[{j}].start_date", "must not be before the child's date of birth");
                }

                // DemoSeeder derives each involvement's request id from these three.
                var v = involvements[j];
                if (involvements.Take(j).Any(o => o.ServiceType == v.ServiceType && o.Organisation.Code == v.Organisation.Code && o.StartDate.Equals(v.StartDate)))
                {
                    violations.Add($"involvements[{j}]", "repeats the service, organisation and start date of an earlier one");
                }
            }

            problems.AddRange(violations.Items.Select(v => $"child {i} ({registration.Details.Name}): {v.Field} {v.Description}"));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} violations; the first: {problems.FirstOrDefault()}");
    }

    [Fact]
    public void Generate_TenThousandChildren_HaveUniqueNhsNumbersUpnsAndRequestIds()
    {
        var children = Generate(10_000);

        var nhs = new HashSet<string>();
        var upns = new HashSet<string>();
        var requests = new HashSet<string>();
        var localIds = new HashSet<(string, string)>();
        foreach (var (registration, _) in children)
        {
            var ids = registration.Identifiers;
            Assert.True(nhs.Add(ids.NhsNumber), $"NHS number {ids.NhsNumber} issued twice");
            Assert.True(requests.Add(registration.RequestId), $"request id {registration.RequestId} issued twice");
            if (ids.Upn.Length > 0)
            {
                Assert.True(upns.Add(ids.Upn), $"UPN {ids.Upn} issued twice");
            }

            foreach (var local in ids.LocalIds)
            {
                Assert.True(localIds.Add((local.OrganisationCode, local.Value)), $"local id {local.OrganisationCode}:{local.Value} issued twice");
            }
        }

        // Enough of each that uniqueness was really tested.
        Assert.InRange(upns.Count, 6000, 9000);
        Assert.InRange(localIds.Count, 300, 3000);
    }

    [Fact]
    public void Generate_Names_IncludeAccentsHyphensApostrophesAndAliases()
    {
        var details = Generate(10_000).Select(c => c.Registration.Details).ToList();

        double Share(Func<ChildDetails, bool> predicate) => (double)details.Count(predicate) / details.Count;

        Assert.InRange(Share(d => (d.Name.GivenNames + d.Name.FamilyName).Any(c => c > 127)), 0.05, 0.25);
        Assert.InRange(Share(d => d.Name.FamilyName.Contains('-', StringComparison.Ordinal)), 0.02, 0.10);
        Assert.InRange(Share(d => (d.Name.GivenNames + d.Name.FamilyName).Contains('\'', StringComparison.Ordinal)), 0.005, 0.05);
        Assert.InRange(Share(d => d.Name.GivenNames.Contains(' ', StringComparison.Ordinal)), 0.20, 0.50);
        Assert.InRange(Share(d => d.OtherNames.Any(o => o.Kind == OtherNameKind.Alias)), 0.02, 0.10);
        Assert.InRange(Share(d => d.OtherNames.Any(o => o.Kind == OtherNameKind.Former)), 0.01, 0.08);
        Assert.InRange(Share(d => d.Gender is Gender.NotKnown or Gender.NotSpecified), 0.005, 0.05);
        Assert.True(details.Select(d => d.Name.FamilyName).Distinct().Count() > 400, "too few distinct family names");
        Assert.True(details.Select(d => d.Name.GivenNames.Split(' ')[0]).Distinct().Count() > 400, "too few distinct given names");
        // Every origin in the tables reaches the output (by a family name, in any of its forms).
        var families = details.SelectMany(d => d.Name.FamilyName.Split('-')).ToHashSet();
        Assert.All(Names.Origins, origin => Assert.True(
            origin.Families.Concat(origin.GirlFamilies).Any(f => families.Contains(f.Text)), $"no child has a {origin.Key} family name"));
    }

    [Fact]
    public void Generate_ShowcaseChildren_AreFixed()
    {
        var one = Generate(3, seed: 1);
        var other = Generate(3, seed: 987_654);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(WithoutRequestId(one[i].Registration), WithoutRequestId(other[i].Registration));
            Assert.Equal(one[i].Involvements, other[i].Involvements);
        }

        var zoe = one[0].Registration.Details;
        Assert.Equal(("Zoë Amara", "Okafor-Davies"), (zoe.Name.GivenNames, zoe.Name.FamilyName));
        Assert.Equal(Gender.Female, zoe.Gender);
        Assert.Equal((2017, 3, 14), (zoe.DateOfBirth.Year, zoe.DateOfBirth.Month, zoe.DateOfBirth.Day));
        Assert.Equal(["12 Hyde Park Road"], zoe.Address.Lines);
        Assert.Equal(("Leeds", "LS6 2AB"), (zoe.Address.Town, zoe.Address.Postcode));
        Assert.Equal(new OtherName { Name = new PersonName { GivenNames = "Zoë", FamilyName = "Okafor" }, Kind = OtherNameKind.Former }, Assert.Single(zoe.OtherNames));
        Assert.Equal("9434765919", one[0].Registration.Identifiers.NhsNumber);
        Assert.Equal(
            [("Ngozi Okafor", CarerRelationship.Mother, true, "07700 900123"), ("Rhys Davies", CarerRelationship.Father, true, "07700 900124")],
            zoe.Carers.Select(c => ($"{c.Name.GivenNames} {c.Name.FamilyName}", c.Relationship, c.HasParentalResponsibility, c.Phone)));
        Assert.Equal(
            [(ServiceType.EducationSetting, "LS1234", "Hyde Park Primary School", false, false),
             (ServiceType.GpPractice, "B86001", "Woodhouse Medical Practice", false, false),
             (ServiceType.SocialCare, "LDS01", "Leeds Children's Social Work Service", true, true)],
            one[0].Involvements.Select(v => (v.ServiceType, v.Organisation.Code, v.Organisation.Name, v.LeadProfessional, v.CafCompleted)));

        var kwame = one[1].Registration.Details;
        Assert.Equal(("Kwame", "Mensah", Gender.Male), (kwame.Name.GivenNames, kwame.Name.FamilyName, kwame.Gender));
        Assert.Equal((2012, 11, 2), (kwame.DateOfBirth.Year, kwame.DateOfBirth.Month, kwame.DateOfBirth.Day));
        Assert.Equal(["Flat 3", "45 Chapeltown Road"], kwame.Address.Lines);
        Assert.Equal(("Leeds", "LS7 3AP"), (kwame.Address.Town, kwame.Address.Postcode));
        Assert.Equal(new OtherName { Name = new PersonName { GivenNames = "Kwame", FamilyName = "Mensah-Boateng" }, Kind = OtherNameKind.Alias }, Assert.Single(kwame.OtherNames));
        Assert.Equal(CarerRelationship.Grandparent, Assert.Single(kwame.Carers).Relationship);
        Assert.Equal([ServiceType.EducationSetting, ServiceType.GpPractice, ServiceType.YouthOffending], one[1].Involvements.Select(v => v.ServiceType));

        var siobhan = one[2].Registration.Details;
        Assert.Equal(("Siobhán", "O'Brien", Gender.Female), (siobhan.Name.GivenNames, siobhan.Name.FamilyName, siobhan.Gender));
        Assert.Equal((2021, 6, 30), (siobhan.DateOfBirth.Year, siobhan.DateOfBirth.Month, siobhan.DateOfBirth.Day));
        Assert.Equal(ChildDetails.ResidenceOneofCase.NoFixedAbode, siobhan.ResidenceCase);
        Assert.Equal(CarerRelationship.Mother, Assert.Single(siobhan.Carers).Relationship);
        Assert.Equal([ServiceType.HealthVisitor, ServiceType.GpPractice], one[2].Involvements.Select(v => v.ServiceType));
    }

    [Fact]
    public void Generate_Involvements_HaveAtMostOneCurrentLeadProfessional()
    {
        var children = Generate(10_000);

        var withLead = 0;
        for (var i = 0; i < children.Count; i++)
        {
            var current = children[i].Involvements.Count(v => v.LeadProfessional && v.EndDate is null);
            Assert.True(current <= 1, $"child {i} has {current} current lead professionals");
            withLead += current;
        }

        // Social care, early help or youth justice lead for some children, not for none or all.
        Assert.InRange(withLead, 200, 2000);
    }

    [Fact]
    public void Generate_Involvements_FitTheChildsAge()
    {
        var children = Generate(10_000);

        int schoolAge = 0, inSchool = 0, withGp = 0, ended = 0, caf = 0;
        foreach (var (registration, involvements) in children.Skip(SyntheticChildren.ShowcaseCount))
        {
            var age = AgeOf(registration.Details.DateOfBirth);
            foreach (var involvement in involvements)
            {
                ended += involvement.EndDate is null ? 0 : 1;
                caf += involvement.CafCompleted ? 1 : 0;
                if (involvement.ServiceType == ServiceType.HealthVisitor && involvement.EndDate is null)
                {
                    Assert.True(age < 5, $"a current health visitor for a child of {age}");
                }

                if (involvement.ServiceType == ServiceType.YouthOffending)
                {
                    Assert.True(age >= 10, $"youth justice for a child of {age}, below the age of criminal responsibility");
                }

                if (involvement.ServiceType == ServiceType.EducationSetting && involvement.EndDate is null)
                {
                    Assert.True(age >= 2, $"an education setting for a child of {age}");
                }
            }

            withGp += involvements.Any(v => v.ServiceType == ServiceType.GpPractice) ? 1 : 0;
            if (age is >= 6 and <= 15)
            {
                schoolAge++;
                inSchool += involvements.Any(v => v.ServiceType == ServiceType.EducationSetting && v.EndDate is null) ? 1 : 0;
            }
        }

        Assert.True(withGp > children.Count * 0.95, $"only {withGp} children have a GP practice");
        Assert.True(inSchool > schoolAge * 0.9, $"only {inSchool} of {schoolAge} school-age children are at school");
        Assert.True(ended > 300, $"only {ended} ended involvements");
        Assert.True(caf > 100, $"only {caf} involvements with a CAF");
    }

    [Fact]
    public void Generate_DatesOfBirth_SpreadOverEighteenYears()
    {
        var ages = Generate(10_000).Skip(SyntheticChildren.ShowcaseCount).Select(c => AgeOf(c.Registration.Details.DateOfBirth)).ToList();

        Assert.All(ages, age => Assert.InRange(age, 0, 17));
        for (var age = 0; age <= 17; age++)
        {
            Assert.True(ages.Count(a => a == age) > ages.Count * 0.04, $"too few children aged {age}");
        }
    }

    [Fact]
    public void Generate_SchoolAgeChildrenInEnglandAndWales_HaveUpnsOfTheirLocalAuthority()
    {
        foreach (var (registration, _) in Generate(5000).Skip(SyntheticChildren.ShowcaseCount))
        {
            var upn = registration.Identifiers.Upn;
            var age = AgeOf(registration.Details.DateOfBirth);
            var address = registration.Details.Address;
            if (age < 4)
            {
                Assert.Equal(string.Empty, upn);
            }
            else if (address is not null && address.Town == "Leeds")
            {
                Assert.StartsWith("383", upn[1..], StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Generate_Addresses_AreInTheirTownsPostcodeAreas()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["Leeds"] = ["LS"],
            ["Manchester"] = ["M"],
            ["Birmingham"] = ["B"],
            ["Bristol"] = ["BS"],
            ["Cardiff"] = ["CF"],
            ["Glasgow"] = ["G"],
            ["Bradford"] = ["BD"],
            ["Leicester"] = ["LE"],
            ["London"] = ["E", "N", "SE", "SW", "W", "NW"],
        };
        var details = Generate(20_000).Skip(SyntheticChildren.ShowcaseCount).Select(c => c.Registration.Details).ToList();

        var checkedTowns = 0;
        foreach (var address in details.Where(d => d.Address is not null).Select(d => d.Address))
        {
            Assert.InRange(address.Lines.Count, 1, 3);
            if (expected.TryGetValue(address.Town, out var areas))
            {
                var area = new string([.. address.Postcode.TakeWhile(char.IsAsciiLetter)]);
                Assert.Contains(area, areas);
                checkedTowns++;
            }
        }

        Assert.True(checkedTowns > 5000, $"only {checkedTowns} addresses in the towns checked");
        Assert.InRange(details.Count(d => d.ResidenceCase == ChildDetails.ResidenceOneofCase.NoFixedAbode), 20, 120);
        Assert.InRange(details.Count(d => d.ResidenceCase == ChildDetails.ResidenceOneofCase.None), 40, 200);
    }

    [Fact]
    public void Generate_PhonesAndEmails_AreReservedForDramaAndDocumentation()
    {
        string[] dramaRanges =
        [
            "07700 900", "07700900", "+44 7700 900", "0113 496 0", "0114 496 0", "0115 496 0", "0116 496 0", "0117 496 0",
            "0118 496 0", "0121 496 0", "0131 496 0", "0141 496 0", "0151 496 0", "0161 496 0", "0191 498 0", "020 7946 0",
            "029 2018 0", "01632 960",
        ];
        foreach (var (registration, involvements) in Generate(5000))
        {
            var phones = registration.Details.Carers.Select(c => c.Phone).Concat(involvements.Select(v => v.Phone)).Where(p => p.Length > 0);
            var emails = registration.Details.Carers.Select(c => c.Email).Concat(involvements.Select(v => v.Email)).Where(e => e.Length > 0);

            Assert.All(phones, phone => Assert.Contains(dramaRanges, range => phone.StartsWith(range, StringComparison.Ordinal)));
            Assert.All(emails, email => Assert.True(
                email.EndsWith("example.com", StringComparison.Ordinal) || email.EndsWith("example.org", StringComparison.Ordinal), email));
        }
    }

    private static List<SyntheticChild> Generate(int count, int seed = Seed) => [.. new SyntheticChildren(seed, Today).Generate(count)];

    private static List<string> Fingerprints(IEnumerable<SyntheticChild> children) => [.. children.Select(c => Convert.ToBase64String(Bytes(c)))];

    private static byte[] Bytes(SyntheticChild child) =>
        [.. child.Registration.ToByteArray(), .. child.Involvements.SelectMany(v => v.ToByteArray())];

    private static RegisterChildRequest WithoutRequestId(RegisterChildRequest registration)
    {
        var copy = registration.Clone();
        copy.RequestId = string.Empty;
        return copy;
    }

    private static int AgeOf(Google.Type.Date dob)
    {
        var born = new DateOnly(dob.Year, dob.Month, dob.Day);
        var age = Today.Year - born.Year;
        return Today < born.AddYears(age) ? age - 1 : age;
    }
}
