using ChildIndex.Core.Records;
using V1 = ChildIndex.Contracts.V1;

namespace ChildIndex.Core.Lookup;

/// <summary>
/// What users other than the index team may see of a record (SI 2007/2182): of a shielded record,
/// only what identifies the child (reg 6(5)-(6)); of a sensitive service, only that one is involved
/// (reg 6(3)(a)). Both send the user to the index team. Built from the allowed fields up, never by
/// removing fields from the whole record, so that a field added later stays hidden by default.
/// </summary>
public static class RecordRedaction
{
    /// <summary>A shielded record: name, gender, date of birth, index identifier and carers' names.
    /// Carers' relationships are left out too: "local authority" or "foster carer" says where a
    /// child lives as surely as an address does.</summary>
    /// <param name="record">The whole record, as stored; it is not changed.</param>
    public static V1.ChildRecord Shielded(V1.ChildRecord record, V1.IndexTeamContact indexTeam)
    {
        ArgumentNullException.ThrowIfNull(record);
        var whole = record.Details ?? new V1.ChildDetails();
        var details = new V1.ChildDetails
        {
            Name = whole.Name is null ? null : new V1.PersonName { GivenNames = whole.Name.GivenNames, FamilyName = whole.Name.FamilyName },
            Gender = whole.Gender,
            DateOfBirth = whole.DateOfBirth?.Clone(),
        };
        details.Carers.AddRange(whole.Carers.Select(c => new V1.Carer
        {
            Name = c.Name is null ? null : new V1.PersonName { GivenNames = c.Name.GivenNames, FamilyName = c.Name.FamilyName },
        }));
        return new V1.ChildRecord
        {
            ChildId = record.ChildId,
            Details = details,
            Shielded = true,
            IndexTeamContact = indexTeam,
        };
    }

    /// <summary>Replaces each sensitive service's involvement by the fact of it: its dates and whether
    /// it leads, with contact through the index team.</summary>
    public static void HideSensitiveServices(V1.ChildRecord record, V1.IndexTeamContact indexTeam)
    {
        ArgumentNullException.ThrowIfNull(record);
        var hidden = false;
        for (var i = 0; i < record.Involvements.Count; i++)
        {
            var involvement = record.Involvements[i];
            if (RecordMapping.ToDomain(involvement.ServiceType)?.IsSensitive() != true)
            {
                continue;
            }

            // The lead-professional flag stays: practitioners must know that a lead exists, and
            // that it is reached through the index team.
            record.Involvements[i] = new V1.Involvement
            {
                InvolvementId = involvement.InvolvementId,
                ServiceType = V1.ServiceType.SensitiveUndisclosed,
                StartDate = involvement.StartDate,
                EndDate = involvement.EndDate,
                LeadProfessional = involvement.LeadProfessional,
                RecordedAt = involvement.RecordedAt,
                ContactViaIndexTeam = true,
            };
            hidden = true;
        }

        if (hidden)
        {
            record.IndexTeamContact = indexTeam;
        }
    }

    /// <summary>Removes the agency-local identifiers other organisations issued: each is shown only
    /// to staff of the agency that issued it.</summary>
    public static void HideOtherAgenciesLocalIds(V1.ChildRecord record, string organisationCode)
    {
        ArgumentNullException.ThrowIfNull(record);
        var localIds = record.Identifiers?.LocalIds;
        if (localIds is null)
        {
            return;
        }

        for (var i = localIds.Count - 1; i >= 0; i--)
        {
            if (!string.Equals(localIds[i].OrganisationCode, organisationCode, StringComparison.OrdinalIgnoreCase))
            {
                localIds.RemoveAt(i);
            }
        }
    }
}
