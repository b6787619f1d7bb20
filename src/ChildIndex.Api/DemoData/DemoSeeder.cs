using ChildIndex.Contracts.V1;
using ChildIndex.Core.Access;
using ChildIndex.Core.Registration;
using ChildIndex.Core.Storage;
using ChildIndex.Core.Time;
using ChildIndex.SyntheticData;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Api.DemoData;

/// <summary>
/// Loads the demo directory: a few hundred synthetic children with carers and involvements,
/// the same every time, registered through the same code as an agency's registrations.
/// </summary>
public sealed class DemoSeeder(ChildIndexDbContext db, ChildRegistrar children, InvolvementRegistrar involvements, TimeProvider time)
{
    public const int Seed = 20261125;
    public const int Count = 300;
    private static readonly Caller Seeder = Caller.System("demo-seed");

    /// <summary>The `seed-demo` command.</summary>
    public static async Task<string> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var seeded = await ActivatorUtilities.CreateInstance<DemoSeeder>(services).SeedAsync(cancellationToken);
        return seeded == 0 ? "demo children already present" : $"seeded {seeded} demo children";
    }

    /// <summary>Seeds an empty directory; returns how many children it added (0 when not empty).</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Children.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var generated = new SyntheticChildren(Seed, UkCalendar.Today(time)).Generate(Count).ToList();
        var registered = await children.RegisterManyAsync([.. generated.Select(g => g.Registration)], Seeder, cancellationToken);
        for (var i = 0; i < generated.Count; i++)
        {
            var childId = registered[i].Response?.ChildId
                ?? throw new InvalidOperationException($"demo child {i} was refused: {registered[i].Error?.Message}");
            foreach (var involvement in generated[i].Involvements)
            {
                await involvements.RecordAsync(
                    new RecordInvolvementRequest
                    {
                        ChildId = childId,
                        RequestId = DeterministicRequestId(i, involvement),
                        Involvement = involvement,
                    },
                    Seeder,
                    cancellationToken);
            }
        }

        return generated.Count;
    }

    private static string DeterministicRequestId(int child, Involvement involvement) =>
        new Guid(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{Seed}/{child}/{involvement.ServiceType}/{involvement.Organisation?.Code}/{involvement.StartDate}")).AsSpan(0, 16)).ToString();
}
