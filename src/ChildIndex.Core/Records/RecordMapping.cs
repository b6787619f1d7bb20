using ChildIndex.Core.Identifiers;
using Google.Protobuf.WellKnownTypes;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Records;

/// <summary>The one place where records become contract messages and contract enums become domain
/// enums. Unset or unknown contract values read as null, for the reader to refuse.</summary>
public static class RecordMapping
{
    public static Gender? ToDomain(V1.Gender gender) => gender switch
    {
        V1.Gender.NotKnown => Gender.NotKnown,
        V1.Gender.Male => Gender.Male,
        V1.Gender.Female => Gender.Female,
        V1.Gender.NotSpecified => Gender.NotSpecified,
        _ => null,
    };

    public static V1.Gender ToContract(Gender gender) => gender switch
    {
        Gender.NotKnown => V1.Gender.NotKnown,
        Gender.Male => V1.Gender.Male,
        Gender.Female => V1.Gender.Female,
        Gender.NotSpecified => V1.Gender.NotSpecified,
        _ => V1.Gender.Unspecified,
    };

    public static CarerRelationship? ToDomain(V1.CarerRelationship relationship) =>
        relationship is > V1.CarerRelationship.Unspecified and <= V1.CarerRelationship.Other
            ? (CarerRelationship)relationship
            : null;

    /// <summary>SERVICE_TYPE_SENSITIVE_UNDISCLOSED is output only, so it reads as null.</summary>
    public static ServiceType? ToDomain(V1.ServiceType serviceType) =>
        serviceType is > V1.ServiceType.Unspecified and <= V1.ServiceType.SubstanceMisuse
            ? (ServiceType)serviceType
            : null;

    public static LegalBasis? ToDomain(V1.LegalBasis legalBasis) => legalBasis switch
    {
        V1.LegalBasis.Consent => LegalBasis.Consent,
        V1.LegalBasis.SignificantHarmSuspected => LegalBasis.SignificantHarmSuspected,
        _ => null,
    };

    public static V1.ChildRecord ToContract(Child child)
    {
        var record = new V1.ChildRecord
        {
            ChildId = ChildId.Format(child.IndexId),
            Details = DetailsToContract(child),
            Identifiers = new V1.ChildIdentifiers
            {
                NhsNumber = child.NhsNumber ?? string.Empty,
                Upn = child.Upn ?? string.Empty,
            },
            Status = (V1.RecordStatus)child.Status,
            Version = child.Version,
            CreatedAt = Timestamp.FromDateTimeOffset(child.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(child.UpdatedAt),
            Shielded = child.Shielded,
            DateOfDeath = child.DateOfDeath is { } died ? ToContract(died) : null,
            ArchivedOn = child.ArchivedOn is { } archived ? ToContract(archived) : null,
            MergedInto = child.MergedInto is { } survivor ? ChildId.Format(survivor) : string.Empty,
        };
        record.Identifiers.LocalIds.AddRange(child.LocalIds
            .OrderBy(l => l.OrganisationCode, StringComparer.Ordinal)
            .ThenBy(l => l.Value, StringComparer.Ordinal)
            .Select(l => new V1.LocalIdentifier { OrganisationCode = l.OrganisationCode, Value = l.Value }));
        record.Involvements.AddRange(child.Involvements
            .OrderBy(i => i.IsCurrent ? 0 : 1)
            .ThenByDescending(i => i.EndDate ?? i.StartDate)
            .ThenByDescending(i => i.StartDate)
            .ThenBy(i => i.Id)
            .Select(ToContract));
        return record;
    }

    public static V1.Involvement ToContract(Involvement involvement) => new()
    {
        InvolvementId = involvement.Id.ToString(),
        ServiceType = (V1.ServiceType)involvement.ServiceType,
        Organisation = new V1.Organisation { Code = involvement.OrganisationCode, Name = involvement.OrganisationName },
        PractitionerName = involvement.PractitionerName,
        Role = involvement.Role ?? string.Empty,
        Phone = involvement.Phone ?? string.Empty,
        Email = involvement.Email ?? string.Empty,
        StartDate = ToContract(involvement.StartDate),
        EndDate = involvement.EndDate is { } end ? ToContract(end) : null,
        LeadProfessional = involvement.LeadProfessional,
        CafCompleted = involvement.CafCompleted,
        RecordedAt = Timestamp.FromDateTimeOffset(involvement.RecordedAt),
        LegalBasis = involvement.LegalBasis is { } basis ? (V1.LegalBasis)basis : V1.LegalBasis.Unspecified,
    };

    /// <param name="hideWhereabouts">The child is shielded and the caller is not the index team:
    /// the town, postcode and no-fixed-abode flag say where the child is, so they are left empty.</param>
    public static V1.ChildSummary ToSummary(Child child, OtherName? matchedOtherName, bool hideWhereabouts) => new()
    {
        ChildId = ChildId.Format(child.IndexId),
        Name = new V1.PersonName { GivenNames = child.GivenNames, FamilyName = child.FamilyName },
        Gender = ToContract(child.Gender),
        DateOfBirth = ToContract(child.DateOfBirth),
        Town = hideWhereabouts ? string.Empty : child.Address?.Town ?? string.Empty,
        Postcode = hideWhereabouts ? string.Empty : child.Address?.Postcode ?? string.Empty,
        NoFixedAbode = !hideWhereabouts && child.Residence == ResidenceKind.NoFixedAbode,
        Status = (V1.RecordStatus)child.Status,
        MatchedOtherName = matchedOtherName is null
            ? null
            : new V1.PersonName { GivenNames = matchedOtherName.GivenNames, FamilyName = matchedOtherName.FamilyName },
        Shielded = child.Shielded,
    };

    public static Google.Type.Date ToContract(DateOnly date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    private static V1.ChildDetails DetailsToContract(Child child)
    {
        var details = new V1.ChildDetails
        {
            Name = new V1.PersonName { GivenNames = child.GivenNames, FamilyName = child.FamilyName },
            Gender = ToContract(child.Gender),
            DateOfBirth = ToContract(child.DateOfBirth),
        };
        switch (child.Residence)
        {
            case ResidenceKind.Address when child.Address is not null:
                details.Address = ToContract(child.Address);
                break;
            case ResidenceKind.NoFixedAbode:
                details.NoFixedAbode = new V1.NoFixedAbode();
                break;
            default:
                break;
        }

        details.OtherNames.AddRange(child.OtherNames.OrderBy(o => o.Position).Select(o => new V1.OtherName
        {
            Name = new V1.PersonName { GivenNames = o.GivenNames, FamilyName = o.FamilyName },
            Kind = (V1.OtherNameKind)o.Kind,
        }));
        details.Carers.AddRange(child.Carers.OrderBy(c => c.Position).Select(c => new V1.Carer
        {
            Name = new V1.PersonName { GivenNames = c.GivenNames, FamilyName = c.FamilyName },
            Relationship = (V1.CarerRelationship)c.Relationship,
            HasParentalResponsibility = c.HasParentalResponsibility,
            Address = c.Address is null ? null : ToContract(c.Address),
            Phone = c.Phone ?? string.Empty,
            Email = c.Email ?? string.Empty,
        }));
        return details;
    }

    private static V1.Address ToContract(Address address)
    {
        var result = new V1.Address { Town = address.Town, Postcode = address.Postcode };
        result.Lines.AddRange(address.Lines());
        return result;
    }
}
