using ChildIndex.Core.Records;
using V1 = ChildIndex.Contracts.V1;
using ChildIndex.Common.Errors;

namespace ChildIndex.Core.Validation;

/// <summary>
/// Reads the contract's messages into records, checking every rule on the way and collecting
/// every broken one under its field path. Nothing read here touches the database.
/// </summary>
public static class RecordReader
{
    /// <summary>Children older than this are not in the index (care leavers up to 25 are).</summary>
    public const int MaxAgeYears = 26;

    /// <summary>A new, untracked child holding the details; null fields where refused.</summary>
    public static Child ReadDetails(V1.ChildDetails? details, string prefix, Violations violations, DateOnly today)
    {
        var child = new Child { IndexId = string.Empty, GivenNames = string.Empty, FamilyName = string.Empty };
        if (details is null)
        {
            violations.Add(prefix, "is required");
            return child;
        }

        var name = ReadName(details.Name, $"{prefix}.name", violations);
        child.GivenNames = name.Given;
        child.FamilyName = name.Family;

        if (details.OtherNames.Count > FieldRules.MaxOtherNames)
        {
            violations.Add($"{prefix}.other_names", $"must have at most {FieldRules.MaxOtherNames} entries");
        }
        else
        {
            for (var i = 0; i < details.OtherNames.Count; i++)
            {
                var field = $"{prefix}.other_names[{i}]";
                var other = details.OtherNames[i];
                var otherName = ReadName(other.Name, $"{field}.name", violations);
                var kind = other.Kind switch
                {
                    V1.OtherNameKind.Alias => OtherNameKind.Alias,
                    V1.OtherNameKind.Former => OtherNameKind.Former,
                    _ => (OtherNameKind?)null,
                };
                if (kind is null)
                {
                    violations.Add($"{field}.kind", "must be OTHER_NAME_KIND_ALIAS or OTHER_NAME_KIND_FORMER");
                }

                child.OtherNames.Add(new OtherName
                {
                    Position = i,
                    Kind = kind ?? OtherNameKind.Alias,
                    GivenNames = otherName.Given,
                    FamilyName = otherName.Family,
                });
            }
        }

        var gender = RecordMapping.ToDomain(details.Gender);
        if (gender is null)
        {
            violations.Add($"{prefix}.gender", "is required: GENDER_NOT_KNOWN, GENDER_MALE, GENDER_FEMALE or GENDER_NOT_SPECIFIED");
        }

        child.Gender = gender ?? Gender.NotKnown;

        var dob = FieldRules.Date(details.DateOfBirth, $"{prefix}.date_of_birth", violations, required: true);
        if (dob is { } date)
        {
            if (date > today)
            {
                violations.Add($"{prefix}.date_of_birth", "must not be in the future");
            }
            else if (date <= today.AddYears(-MaxAgeYears))
            {
                violations.Add($"{prefix}.date_of_birth", $"must be less than {MaxAgeYears} years ago: the index holds children and young people only");
            }

            child.DateOfBirth = date;
        }

        switch (details.ResidenceCase)
        {
            case V1.ChildDetails.ResidenceOneofCase.Address:
                child.Residence = ResidenceKind.Address;
                child.Address = ReadAddress(details.Address, $"{prefix}.address", violations);
                break;
            case V1.ChildDetails.ResidenceOneofCase.NoFixedAbode:
                child.Residence = ResidenceKind.NoFixedAbode;
                break;
            default:
                child.Residence = ResidenceKind.NotKnown;
                break;
        }

        if (details.Carers.Count > FieldRules.MaxCarers)
        {
            violations.Add($"{prefix}.carers", $"must have at most {FieldRules.MaxCarers} entries");
        }
        else
        {
            for (var i = 0; i < details.Carers.Count; i++)
            {
                child.Carers.Add(ReadCarer(details.Carers[i], i, $"{prefix}.carers[{i}]", violations));
            }
        }

        return child;
    }

    /// <summary>The identifiers of a registration, canonicalised.</summary>
    public static ChildIdentifierSet ReadIdentifiers(V1.ChildIdentifiers? identifiers, string prefix, Violations violations)
    {
        if (identifiers is null)
        {
            return new ChildIdentifierSet(null, null, []);
        }

        var nhs = FieldRules.NhsNumber(identifiers.NhsNumber, $"{prefix}.nhs_number", violations);
        var upn = FieldRules.Upn(identifiers.Upn, $"{prefix}.upn", violations);
        var locals = new List<LocalIdentifier>();
        if (identifiers.LocalIds.Count > FieldRules.MaxLocalIds)
        {
            violations.Add($"{prefix}.local_ids", $"must have at most {FieldRules.MaxLocalIds} entries");
            return new ChildIdentifierSet(nhs, upn, locals);
        }

        for (var i = 0; i < identifiers.LocalIds.Count; i++)
        {
            var field = $"{prefix}.local_ids[{i}]";
            var code = FieldRules.OrganisationCode(identifiers.LocalIds[i].OrganisationCode, $"{field}.organisation_code", violations);
            var value = FieldRules.LocalIdValue(identifiers.LocalIds[i].Value, $"{field}.value", violations);
            if (code is null || value is null)
            {
                continue;
            }

            if (locals.Any(l => l.OrganisationCode == code && l.Value == value))
            {
                violations.Add(field, "repeats an identifier given earlier in the list");
                continue;
            }

            locals.Add(new LocalIdentifier { OrganisationCode = code, Value = value });
        }

        return new ChildIdentifierSet(nhs, upn, locals);
    }

    /// <summary>A new involvement; its child, id and time of recording are set by the caller.</summary>
    public static Involvement ReadInvolvement(V1.Involvement? involvement, string prefix, Violations violations, DateOnly today)
    {
        var result = new Involvement { OrganisationCode = string.Empty, OrganisationName = string.Empty, PractitionerName = string.Empty };
        if (involvement is null)
        {
            violations.Add(prefix, "is required");
            return result;
        }

        var serviceType = RecordMapping.ToDomain(involvement.ServiceType);
        if (involvement.ServiceType == V1.ServiceType.SensitiveUndisclosed)
        {
            violations.Add($"{prefix}.service_type", "SERVICE_TYPE_SENSITIVE_UNDISCLOSED is output only: record the service itself (SERVICE_TYPE_SEXUAL_HEALTH, SERVICE_TYPE_MENTAL_HEALTH or SERVICE_TYPE_SUBSTANCE_MISUSE) with its legal_basis");
        }
        else if (serviceType is null)
        {
            violations.Add($"{prefix}.service_type", "is required: one of the SERVICE_TYPE_ values");
        }

        result.ServiceType = serviceType ?? ServiceType.Other;
        result.LegalBasis = ReadLegalBasis(involvement.LegalBasis, serviceType, $"{prefix}.legal_basis", violations);

        if (involvement.Organisation is null)
        {
            violations.Add($"{prefix}.organisation", "is required");
        }
        else
        {
            result.OrganisationCode = FieldRules.OrganisationCode(involvement.Organisation.Code, $"{prefix}.organisation.code", violations) ?? string.Empty;
            result.OrganisationName = FieldRules.ServiceText(involvement.Organisation.Name, $"{prefix}.organisation.name", violations, FieldRules.OrganisationNameMaxLength) ?? string.Empty;
        }

        result.PractitionerName = FieldRules.ServiceText(involvement.PractitionerName, $"{prefix}.practitioner_name", violations, FieldRules.PractitionerNameMaxLength) ?? string.Empty;
        result.Role = string.IsNullOrWhiteSpace(involvement.Role)
            ? null
            : FieldRules.ServiceText(involvement.Role, $"{prefix}.role", violations, FieldRules.RoleMaxLength);
        result.Phone = FieldRules.Phone(involvement.Phone, $"{prefix}.phone", violations);
        result.Email = FieldRules.Email(involvement.Email, $"{prefix}.email", violations);
        if (string.IsNullOrWhiteSpace(involvement.Phone) && string.IsNullOrWhiteSpace(involvement.Email))
        {
            violations.Add($"{prefix}.phone", "a phone number or an email address is required, so that practitioners can make contact");
        }

        var start = FieldRules.Date(involvement.StartDate, $"{prefix}.start_date", violations, required: true);
        if (start > today)
        {
            violations.Add($"{prefix}.start_date", "must not be in the future");
        }

        var end = FieldRules.Date(involvement.EndDate, $"{prefix}.end_date", violations, required: false);
        if (end > today)
        {
            violations.Add($"{prefix}.end_date", "must not be in the future");
        }
        else if (end < start)
        {
            violations.Add($"{prefix}.end_date", "must not be before start_date");
        }

        result.StartDate = start ?? default;
        result.EndDate = end;
        result.LeadProfessional = involvement.LeadProfessional;
        result.CafCompleted = involvement.CafCompleted;
        return result;
    }

    /// <summary>A sensitive service may be recorded only with the young person's consent or where
    /// significant harm is suspected (reg 11(3)); any other service has no legal basis to give.</summary>
    private static LegalBasis? ReadLegalBasis(V1.LegalBasis value, ServiceType? serviceType, string field, Violations violations)
    {
        var basis = RecordMapping.ToDomain(value);
        if (serviceType?.IsSensitive() == true)
        {
            if (basis is null)
            {
                violations.Add(field, "is required for a sensitive service: LEGAL_BASIS_CONSENT (the young person consents) or LEGAL_BASIS_SIGNIFICANT_HARM_SUSPECTED");
            }

            return basis;
        }

        if (value != V1.LegalBasis.Unspecified && serviceType is not null)
        {
            violations.Add(field, "is given only for a sensitive service (sexual health, mental health, substance misuse)");
        }

        return null;
    }

    private static (string Given, string Family) ReadName(V1.PersonName? name, string prefix, Violations violations)
    {
        if (name is null)
        {
            violations.Add(prefix, "is required");
            return (string.Empty, string.Empty);
        }

        var given = FieldRules.PersonName(name.GivenNames, $"{prefix}.given_names", violations);
        var family = FieldRules.PersonName(name.FamilyName, $"{prefix}.family_name", violations);
        return (given ?? string.Empty, family ?? string.Empty);
    }

    private static Address? ReadAddress(V1.Address address, string prefix, Violations violations)
    {
        var lines = new List<string>();
        if (address.Lines.Count is 0 or > Address.MaxLines)
        {
            violations.Add($"{prefix}.lines", $"must have 1 to {Address.MaxLines} lines");
        }
        else
        {
            for (var i = 0; i < address.Lines.Count; i++)
            {
                if (FieldRules.AddressLine(address.Lines[i], $"{prefix}.lines[{i}]", violations) is { } line)
                {
                    lines.Add(line);
                }
            }
        }

        var town = FieldRules.Town(address.Town, $"{prefix}.town", violations);
        var postcode = FieldRules.Postcode(address.Postcode, $"{prefix}.postcode", violations);
        if (lines.Count == 0 || lines.Count != address.Lines.Count || town is null || postcode is null)
        {
            return null;
        }

        return new Address
        {
            Line1 = lines[0],
            Line2 = lines.ElementAtOrDefault(1),
            Line3 = lines.ElementAtOrDefault(2),
            Line4 = lines.ElementAtOrDefault(3),
            Town = town,
            Postcode = postcode,
        };
    }

    private static Carer ReadCarer(V1.Carer carer, int position, string prefix, Violations violations)
    {
        var name = ReadName(carer.Name, $"{prefix}.name", violations);
        var relationship = RecordMapping.ToDomain(carer.Relationship);
        if (relationship is null)
        {
            violations.Add($"{prefix}.relationship", "is required: one of the CARER_RELATIONSHIP_ values");
        }

        return new Carer
        {
            Position = position,
            GivenNames = name.Given,
            FamilyName = name.Family,
            Relationship = relationship ?? CarerRelationship.Other,
            HasParentalResponsibility = carer.HasParentalResponsibility,
            Address = carer.Address is null ? null : ReadAddress(carer.Address, $"{prefix}.address", violations),
            Phone = FieldRules.Phone(carer.Phone, $"{prefix}.phone", violations),
            Email = FieldRules.Email(carer.Email, $"{prefix}.email", violations),
        };
    }
}

/// <summary>The identifiers a registration carries, in canonical form.</summary>
public sealed record ChildIdentifierSet(string? NhsNumber, string? Upn, IReadOnlyList<LocalIdentifier> LocalIds)
{
    public bool IsEmpty => NhsNumber is null && Upn is null && LocalIds.Count == 0;
}
