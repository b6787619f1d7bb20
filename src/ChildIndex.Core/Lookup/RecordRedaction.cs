using ChildIndex.Core.Identifiers;
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
    public static V1.ChildRecord Shielded(Child child, V1.IndexTeamContact indexTeam)
    {
        ArgumentNullException.ThrowIfNull(child);
        var details = new V1.ChildDetails
        {
            Name = new V1.PersonName { GivenNames = child.GivenNames, FamilyName = child.FamilyName },
            Gender = RecordMapping.ToContract(child.Gender),
            DateOfBirth = RecordMapping.ToContract(child.DateOfBirth),
        };
        details.Carers.AddRange(child.Carers.OrderBy(c => c.Position).Select(c => new V1.Carer
        {
            Name = new V1.PersonName { GivenNames = c.GivenNames, FamilyName = c.FamilyName },
        }));
        return new V1.ChildRecord
        {
            ChildId = ChildId.Format(child.IndexId),
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
}
