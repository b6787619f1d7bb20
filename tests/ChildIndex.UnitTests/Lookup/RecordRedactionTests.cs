using ChildIndex.Contracts.V1;
using ChildIndex.Core.Lookup;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.UnitTests.Lookup;

/// <summary>Redaction works on the contract record read from the read model, and never changes the
/// stored record it was given more than the caller asked.</summary>
public sealed class RecordRedactionTests
{
    private static readonly IndexTeamContact IndexTeam = new() { Name = "Index Team", Phone = "0113 496 0999", Email = "index@example.gov.uk" };

    [Fact]
    public void Shielded_KeepsOnlyIdNameGenderBirthDateAndCarersNames()
    {
        var record = WholeRecord();

        var shown = RecordRedaction.Shielded(record, IndexTeam);

        var expected = new ChildRecord
        {
            ChildId = record.ChildId,
            Details = new ChildDetails
            {
                Name = new PersonName { GivenNames = "Amara", FamilyName = "Okafor" },
                Gender = Gender.Female,
                DateOfBirth = new Google.Type.Date { Year = 2016, Month = 3, Day = 4 },
                Carers =
                {
                    new Carer { Name = new PersonName { GivenNames = "Ngozi", FamilyName = "Okafor" } },
                    new Carer { Name = new PersonName { GivenNames = "Sam", FamilyName = "Davies" } },
                },
            },
            Shielded = true,
            IndexTeamContact = IndexTeam,
        };
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void Shielded_LeavesTheStoredRecordWhole()
    {
        var record = WholeRecord();
        var before = record.Clone();

        RecordRedaction.Shielded(record, IndexTeam);

        Assert.Equal(before, record);
    }

    [Fact]
    public void HideSensitiveServices_ReplacesEachByTheFactOfIt_AndSendsToTheIndexTeam()
    {
        var record = WholeRecord();
        var sensitive = record.Involvements[1];

        RecordRedaction.HideSensitiveServices(record, IndexTeam);

        Assert.Equal(ServiceType.EducationSetting, record.Involvements[0].ServiceType);
        Assert.Equal("Jo Bloggs", record.Involvements[0].PractitionerName);
        Assert.Equal(new Involvement
        {
            InvolvementId = sensitive.InvolvementId,
            ServiceType = ServiceType.SensitiveUndisclosed,
            StartDate = sensitive.StartDate,
            EndDate = sensitive.EndDate,
            LeadProfessional = true,
            RecordedAt = sensitive.RecordedAt,
            ContactViaIndexTeam = true,
        }, record.Involvements[1]);
        Assert.Equal(IndexTeam, record.IndexTeamContact);
        Assert.DoesNotContain("Clinic", JsonFormatter.Default.Format(record), StringComparison.Ordinal);
    }

    [Fact]
    public void HideSensitiveServices_WithoutOne_ChangesNothing()
    {
        var record = WholeRecord();
        record.Involvements.RemoveAt(1);
        var before = record.Clone();

        RecordRedaction.HideSensitiveServices(record, IndexTeam);

        Assert.Equal(before, record);
    }

    [Fact]
    public void HideOtherAgenciesLocalIds_KeepsOnlyTheCallersOrganisations_WhateverTheCase()
    {
        var record = WholeRecord();

        RecordRedaction.HideOtherAgenciesLocalIds(record, "ls123");

        Assert.Equal(["LS123/MIS-1"], record.Identifiers.LocalIds.Select(l => $"{l.OrganisationCode}/{l.Value}"));
        Assert.Equal("9434765919", record.Identifiers.NhsNumber);
    }

    [Fact]
    public void HideOtherAgenciesLocalIds_ForAnOrganisationWithNone_LeavesNone()
    {
        var record = WholeRecord();

        RecordRedaction.HideOtherAgenciesLocalIds(record, "ZZ999");

        Assert.Empty(record.Identifiers.LocalIds);
    }

    /// <summary>A record with something in every part a redaction looks at.</summary>
    private static ChildRecord WholeRecord() => new()
    {
        ChildId = "K7Q2-M9XD-4",
        Details = new ChildDetails
        {
            Name = new PersonName { GivenNames = "Amara", FamilyName = "Okafor" },
            OtherNames = { new OtherName { Name = new PersonName { GivenNames = "Amara", FamilyName = "Formerly" }, Kind = OtherNameKind.Former } },
            Gender = Gender.Female,
            DateOfBirth = new Google.Type.Date { Year = 2016, Month = 3, Day = 4 },
            Address = new Address { Lines = { "1 Refuge Row" }, Town = "Headingley", Postcode = "LS6 2AB" },
            Carers =
            {
                new Carer
                {
                    Name = new PersonName { GivenNames = "Ngozi", FamilyName = "Okafor" },
                    Relationship = CarerRelationship.Mother,
                    HasParentalResponsibility = true,
                    Phone = "07700 900123",
                    Address = new Address { Lines = { "7 Refuge Lane" }, Town = "Bradford", Postcode = "BD1 1AA" },
                },
                new Carer { Name = new PersonName { GivenNames = "Sam", FamilyName = "Davies" }, Relationship = CarerRelationship.FosterCarer },
            },
        },
        Identifiers = new ChildIdentifiers
        {
            NhsNumber = "9434765919",
            Upn = "A123456789012",
            LocalIds =
            {
                new LocalIdentifier { OrganisationCode = "LS123", Value = "MIS-1" },
                new LocalIdentifier { OrganisationCode = "LS999", Value = "CASE-2" },
            },
        },
        Involvements =
        {
            new Involvement
            {
                InvolvementId = Guid.CreateVersion7().ToString(),
                ServiceType = ServiceType.EducationSetting,
                Organisation = new Organisation { Code = "LS123", Name = "Hyde Park Primary School" },
                PractitionerName = "Jo Bloggs",
                Phone = "0113 496 0000",
                StartDate = new Google.Type.Date { Year = 2021, Month = 9, Day = 1 },
                RecordedAt = Timestamp.FromDateTime(new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc)),
            },
            new Involvement
            {
                InvolvementId = Guid.CreateVersion7().ToString(),
                ServiceType = ServiceType.SexualHealth,
                Organisation = new Organisation { Code = "LDS08", Name = "Leeds Young People's Sexual Health Service" },
                PractitionerName = "Clinic Nursing Team",
                Phone = "0113 496 0888",
                StartDate = new Google.Type.Date { Year = 2026, Month = 9, Day = 1 },
                LeadProfessional = true,
                LegalBasis = LegalBasis.Consent,
                RecordedAt = Timestamp.FromDateTime(new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc)),
            },
        },
        Status = RecordStatus.Active,
        Version = 3,
        CreatedAt = Timestamp.FromDateTime(new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc)),
        UpdatedAt = Timestamp.FromDateTime(new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc)),
        Shielded = true,
    };
}
