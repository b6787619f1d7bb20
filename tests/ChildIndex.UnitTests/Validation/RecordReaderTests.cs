using ChildIndex.Contracts.V1;
using ChildIndex.Common.Errors;
using ChildIndex.Core.Validation;
using Google.Type;
using DomainGender = ChildIndex.Core.Records.Gender;
using DomainResidence = ChildIndex.Core.Records.ResidenceKind;

namespace ChildIndex.UnitTests.Validation;

public sealed class RecordReaderTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    [Fact]
    public void ReadDetails_ValidChild_GivesTidiedRecord()
    {
        var violations = new Violations();

        var child = RecordReader.ReadDetails(ValidDetails(), "details", violations, Today);

        Assert.False(violations.Any, string.Join("; ", violations.Items));
        Assert.Equal("Zoë Amara", child.GivenNames);
        Assert.Equal(DomainGender.Female, child.Gender);
        Assert.Equal(new DateOnly(2017, 3, 14), child.DateOfBirth);
        Assert.Equal(DomainResidence.Address, child.Residence);
        Assert.Equal("LS6 2AB", child.Address!.Postcode);
        Assert.Equal("Okafor", Assert.Single(child.OtherNames).FamilyName);
    }

    [Fact]
    public void ReadDetails_WithManyBadFields_ReportsEveryOneWithItsPath()
    {
        var details = ValidDetails();
        details.Name.GivenNames = "";
        details.Gender = Contracts.V1.Gender.Unspecified;
        details.Address.Lines.Clear();
        details.Carers[0].Relationship = CarerRelationship.Unspecified;
        details.Carers[0].Phone = "ring me";
        details.OtherNames[0].Kind = OtherNameKind.Unspecified;
        var violations = new Violations();

        RecordReader.ReadDetails(details, "details", violations, Today);

        Assert.Equal(
            ["details.name.given_names", "details.other_names[0].kind", "details.gender", "details.address.lines", "details.carers[0].relationship", "details.carers[0].phone"],
            violations.Items.Select(v => v.Field));
        var error = Assert.Throws<DomainException>(violations.ThrowIfAny);
        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.Equal(6, error.Violations.Count);
    }

    [Theory]
    [InlineData(2026, 11, 26, false)] // tomorrow
    [InlineData(2026, 11, 25, true)] // born today
    [InlineData(2000, 11, 26, true)] // 25 years and 364 days
    [InlineData(2000, 11, 25, false)] // 26 today: no longer in the index
    public void ReadDetails_DateOfBirth_MustBeNoFutureAndUnder26YearsAgo(int year, int month, int day, bool accepted)
    {
        var details = ValidDetails();
        details.DateOfBirth = new Date { Year = year, Month = month, Day = day };
        var violations = new Violations();

        RecordReader.ReadDetails(details, "details", violations, Today);

        Assert.Equal(accepted, !violations.Any);
    }

    [Fact]
    public void ReadDetails_TooManyRepeatedEntries_IsRefusedWithoutReadingThem()
    {
        var details = ValidDetails();
        for (var i = 0; i < FieldRules.MaxCarers; i++)
        {
            details.Carers.Add(details.Carers[0].Clone());
        }

        var violations = new Violations();

        RecordReader.ReadDetails(details, "details", violations, Today);

        Assert.Equal("details.carers", Assert.Single(violations.Items).Field);
    }

    [Fact]
    public void ReadDetails_NoFixedAbode_HasNoAddress()
    {
        var details = ValidDetails();
        details.NoFixedAbode = new NoFixedAbode();
        var violations = new Violations();

        var child = RecordReader.ReadDetails(details, "details", violations, Today);

        Assert.False(violations.Any);
        Assert.Equal(DomainResidence.NoFixedAbode, child.Residence);
        Assert.Null(child.Address);
    }

    [Fact]
    public void ReadIdentifiers_ChecksEachAndRefusesRepeats()
    {
        var identifiers = new ChildIdentifiers
        {
            NhsNumber = "943 476 5919",
            Upn = "B801200005002",
            LocalIds =
            {
                new LocalIdentifier { OrganisationCode = "ls123", Value = "PUPIL-42" },
                new LocalIdentifier { OrganisationCode = "LS123", Value = "PUPIL-42" },
                new LocalIdentifier { OrganisationCode = "L", Value = "x y" },
            },
        };
        var violations = new Violations();

        var read = RecordReader.ReadIdentifiers(identifiers, "identifiers", violations);

        Assert.Equal("9434765919", read.NhsNumber);
        Assert.Equal(
            ["identifiers.upn", "identifiers.local_ids[1]", "identifiers.local_ids[2].organisation_code", "identifiers.local_ids[2].value"],
            violations.Items.Select(v => v.Field));
        Assert.Equal("LS123", Assert.Single(read.LocalIds).OrganisationCode);
    }

    [Fact]
    public void ReadInvolvement_WithoutPhoneOrEmail_IsRefused()
    {
        var involvement = ValidInvolvement();
        involvement.Phone = "";
        involvement.Email = "";
        var violations = new Violations();

        RecordReader.ReadInvolvement(involvement, "involvement", violations, Today);

        Assert.Equal("involvement.phone", Assert.Single(violations.Items).Field);
    }

    [Fact]
    public void ReadInvolvement_EndingBeforeItStarts_IsRefused()
    {
        var involvement = ValidInvolvement();
        involvement.EndDate = new Date { Year = 2021, Month = 8, Day = 31 };
        var violations = new Violations();

        RecordReader.ReadInvolvement(involvement, "involvement", violations, Today);

        Assert.Equal("involvement.end_date", Assert.Single(violations.Items).Field);
    }

    [Fact]
    public void ReadInvolvement_RoleWithNarrative_IsRefused()
    {
        var involvement = ValidInvolvement();
        involvement.Role = "Teacher: reported bruising on 3 May; mother evasive!";
        var violations = new Violations();

        RecordReader.ReadInvolvement(involvement, "involvement", violations, Today);

        Assert.Equal("involvement.role", Assert.Single(violations.Items).Field);
    }

    private static ChildDetails ValidDetails() => new()
    {
        Name = new PersonName { GivenNames = "Zoë  Amara", FamilyName = "Okafor-Davies" },
        OtherNames = { new OtherName { Name = new PersonName { GivenNames = "Zoë", FamilyName = "Okafor" }, Kind = OtherNameKind.Former } },
        Gender = Contracts.V1.Gender.Female,
        DateOfBirth = new Date { Year = 2017, Month = 3, Day = 14 },
        Address = new Address { Lines = { "12 Hyde Park Road" }, Town = "Leeds", Postcode = "ls62ab" },
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

    private static Involvement ValidInvolvement() => new()
    {
        ServiceType = ServiceType.EducationSetting,
        Organisation = new Organisation { Code = "LS1234", Name = "Hyde Park Primary School" },
        PractitionerName = "Jo Bloggs",
        Role = "Class teacher",
        Phone = "0113 496 0000",
        StartDate = new Date { Year = 2021, Month = 9, Day = 1 },
    };
}
