using ChildIndex.Common.Errors;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;
using ChildIndex.Core.Validation;
using ChildIndex.SyntheticData;

namespace ChildIndex.Bench.Loading;

/// <summary>
/// Turns a generated registration into the entities the directory would store for it: read by the
/// service's own <see cref="RecordReader"/> (so every rule the service applies still applies), given
/// a fresh index identifier, and its search keys built by <see cref="SearchKeys.Rebuild"/>, exactly
/// as ChildRegistrar does. What the generator does not make yet, shielded records and sensitive
/// services, is added here, deterministically from (seed, index).
/// </summary>
public sealed class ChildMaker(int seed, DateOnly today, DateTimeOffset now)
{
    /// <summary>About 0.5% of children are shielded (domestic abuse refuges, witness protection).</summary>
    public const int ShieldedPerThousand = 5;

    /// <summary>About 3% have a sexual health, mental health or substance misuse service involved.</summary>
    public const int SensitivePerThousand = 30;

    private static readonly (string Code, string Name, ServiceType Type, string Team, string Role, string Phone)[] SensitiveServices =
    [
        ("RGD10", "Leeds and York Partnership NHS Foundation Trust", ServiceType.MentalHealth, "Community Mental Health Team", "Mental health nurse", "0113 855 5000"),
        ("RY610", "Leeds Community Healthcare NHS Trust", ServiceType.SexualHealth, "Young People's Sexual Health Service", "Sexual health adviser", "0113 392 0333"),
        ("LDS20", "Forward Leeds", ServiceType.SubstanceMisuse, "Young People's Substance Misuse Team", "Substance misuse worker", "0113 887 2477"),
    ];

    private readonly HashSet<string> _issued = new(StringComparer.Ordinal);

    public Child Make(int index, SyntheticChild generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        var violations = new Violations();
        var registration = generated.Registration;
        var child = RecordReader.ReadDetails(registration.Details, "details", violations, today);
        var identifiers = RecordReader.ReadIdentifiers(registration.Identifiers, "identifiers", violations);
        foreach (var involvement in generated.Involvements)
        {
            var read = RecordReader.ReadInvolvement(involvement, "involvement", violations, today);
            read.Id = Guid.CreateVersion7(now);
            read.RecordedAt = now;
            child.Involvements.Add(read);
        }

        // The generator promises valid children; one that is not is a bug to stop on, not to skip.
        if (violations.Any)
        {
            throw new InvalidOperationException($"generated child {index} is invalid: {string.Join("; ", violations.Items.Select(v => $"{v.Field}: {v.Description}"))}");
        }

        // Index ids are random (ADR 3), from 2^40 values: among a million, two alike are likely
        // (the registrar retries on the unique index; a batch insert cannot), so draw again.
        do
        {
            child.IndexId = ChildId.New();
        }
        while (!_issued.Add(child.IndexId));
        child.NhsNumber = identifiers.NhsNumber;
        child.Upn = identifiers.Upn;
        child.LocalIds.AddRange(identifiers.LocalIds);
        child.CreatedAt = now;
        child.UpdatedAt = now;

        var roll = Mix(((ulong)(uint)seed << 32) | (uint)index);
        if ((int)(roll % 1000) < ShieldedPerThousand)
        {
            child.Shielded = true;
            child.ShieldReason = (ShieldReason)(1 + (int)(roll >> 16) % 3);
            child.ShieldJustification = "Placed at a refuge address known to the index team";
            child.ShieldedAt = now;
        }

        if ((int)((roll >> 24) % 1000) < SensitivePerThousand)
        {
            child.Involvements.Add(Sensitive(child, roll >> 40));
        }

        // Last: the keys copy the shield flag and the address.
        SearchKeys.Rebuild(child);
        return child;
    }

    private Involvement Sensitive(Child child, ulong roll)
    {
        // Sexual health and substance misuse services see young people, not young children.
        var age = today.Year - child.DateOfBirth.Year;
        var service = SensitiveServices[age < 11 ? 0 : (int)(roll % 3)];
        var start = today.AddDays(-(int)(roll >> 8) % 700);
        return new Involvement
        {
            Id = Guid.CreateVersion7(now),
            ServiceType = service.Type,
            OrganisationCode = service.Code,
            OrganisationName = service.Name,
            PractitionerName = service.Team,
            Role = service.Role,
            Phone = service.Phone,
            StartDate = start < child.DateOfBirth ? child.DateOfBirth : start,
            LegalBasis = (roll >> 20) % 5 == 0 ? LegalBasis.SignificantHarmSuspected : LegalBasis.Consent,
            RecordedAt = now,
        };
    }

    /// <summary>SplitMix64's finaliser: independent-looking bits from (seed, index).</summary>
    private static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }
}
