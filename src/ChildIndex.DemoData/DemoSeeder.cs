using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.Core.Registration;
using ChildIndex.Core.Shielding;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.SyntheticData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.DemoData;

/// <summary>
/// Loads the demo directory: a few hundred synthetic children with carers and involvements,
/// the same every time, registered through the same code as an agency's registrations; then one
/// shielded record and one sensitive service, for the README's shielding and break-glass examples.
/// </summary>
public sealed class DemoSeeder(ChildIndexDbContext db, ChildRegistrar children, InvolvementRegistrar involvements, ShieldManagement shields, TimeProvider time)
{
    public const int Seed = 20261125;
    public const int Count = 300;

    /// <summary>The generated child shielded in the demo: the first after the showcase children.</summary>
    public const int ShieldedIndex = SyntheticChildren.ShowcaseCount;

    private static readonly Caller Seeder = Caller.System("demo-seed");

    /// <summary>Seeds, and says what it did (the shielded child's id for the README's examples).</summary>
    public static async Task<string> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var seeder = ActivatorUtilities.CreateInstance<DemoSeeder>(services);
        var seeded = await seeder.SeedAsync(cancellationToken);
        var shielded = await seeder.ShieldedChildAsync(cancellationToken);
        var note = shielded is null ? string.Empty : $"; shielded demo child: {Core.Identifiers.ChildId.Format(shielded)}";
        return (seeded == 0 ? "demo children already present" : $"seeded {seeded} demo children") + note;
    }

    /// <summary>Seeds an empty directory; returns how many children it added (0 when not empty).</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Children.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var today = UkCalendar.Today(time);
        var generated = new SyntheticChildren(Seed, today).Generate(Count).ToList();
        var registered = await children.RegisterManyAsync([.. generated.Select(g => g.Registration)], Seeder, cancellationToken);
        var childIds = new List<string>(generated.Count);
        for (var i = 0; i < generated.Count; i++)
        {
            var childId = registered[i].Response?.ChildId
                ?? throw new InvalidOperationException($"demo child {i} was refused: {registered[i].Error?.Message}");
            childIds.Add(childId);
            foreach (var involvement in generated[i].Involvements)
            {
                await RecordAsync(childId, DeterministicRequestId(i, involvement), involvement, cancellationToken);
            }
        }

        await shields.ShieldAsync(new ShieldChildRequest { ChildId = childIds[ShieldedIndex], Reason = ShieldReason.DomesticAbuse }, Seeder, cancellationToken);
        var teenager = Enumerable.Range(ShieldedIndex + 1, generated.Count - ShieldedIndex - 1)
            .First(i => generated[i].Registration.Details.DateOfBirth.Year <= today.Year - 14);
        var sensitive = SensitiveInvolvement(today);
        await RecordAsync(childIds[teenager], DeterministicRequestId(teenager, sensitive), sensitive, cancellationToken);
        return generated.Count;
    }

    private async Task<string?> ShieldedChildAsync(CancellationToken cancellationToken) =>
        await db.Children.Where(c => c.Shielded).OrderBy(c => c.Id).Select(c => c.IndexId).FirstOrDefaultAsync(cancellationToken);

    private Task<RecordInvolvementResponse> RecordAsync(string childId, string requestId, Involvement involvement, CancellationToken cancellationToken) =>
        involvements.RecordAsync(new RecordInvolvementRequest { ChildId = childId, RequestId = requestId, Involvement = involvement }, Seeder, cancellationToken);

    /// <summary>A sexual health service a young person consented to: practitioners see only that
    /// a sensitive service is involved, and contact the index team.</summary>
    private static Involvement SensitiveInvolvement(DateOnly today) => new()
    {
        ServiceType = ServiceType.SexualHealth,
        LegalBasis = LegalBasis.Consent,
        Organisation = new Organisation { Code = "LDS08", Name = "Leeds Young People's Sexual Health Service" },
        PractitionerName = "Clinic Nursing Team",
        Role = "Specialist nurse",
        Phone = "0113 496 0888",
        StartDate = new Google.Type.Date { Year = today.AddMonths(-2).Year, Month = today.AddMonths(-2).Month, Day = today.AddMonths(-2).Day },
    };

    private static string DeterministicRequestId(int child, Involvement involvement) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{Seed}/{child}/{involvement.ServiceType}/{involvement.Organisation?.Code}/{involvement.StartDate}")).AsSpan(0, 16)).ToString();
}
