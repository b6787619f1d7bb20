using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using ChildIndex.IntegrationTests.Security;

namespace ChildIndex.IntegrationTests.Shielding;

/// <summary>
/// An override ends by itself: on a server whose overrides last six seconds, the safeguarding lead
/// sees the shielded view again once it has expired. The server's index team is configured too.
/// </summary>
public abstract class BreakGlassExpiryTests(DirectoryServer server)
{
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["BREAK_GLASS_MINUTES"] = "0.1",
        ["INDEX_TEAM_NAME"] = "Kirklees Index Team",
        ["INDEX_TEAM_PHONE"] = "01484 496 000",
        ["INDEX_TEAM_EMAIL"] = "index@kirklees.example.gov.uk",
    };

    private readonly ShieldingKit _kit = new(server);

    [Fact]
    public async Task BreakGlass_AfterItExpires_ShowsTheShieldedViewAgain()
    {
        var child = await _kit.RegisterShieldedAsync();
        var (lead, _) = await _kit.NewPersonAsync(Roles.SafeguardingLead);

        var grant = await ShieldingKit.Management(lead).BreakGlassAsync(SecurityData.BreakGlass(child.ChildId));
        var during = await ShieldingKit.GetAsync(lead, child.ChildId);
        var wait = grant.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var after = await ShieldingKit.GetAsync(lead, child.ChildId);

        Assert.InRange(grant.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-10), TimeSpan.Zero);
        Assert.Equal(grant.ExpiresAt, during.BreakGlassUntil);
        Assert.Equal(child.Request.Details.Address, during.Details.Address);
        Assert.Null(after.BreakGlassUntil);
        Assert.Null(after.Details.Address);
        Assert.Empty(after.Involvements);
        Assert.Equal(new IndexTeamContact { Name = "Kirklees Index Team", Phone = "01484 496 000", Email = "index@kirklees.example.gov.uk" }, after.IndexTeamContact);
        Assert.False((await _kit.LastAuditAsync(child.ChildId, "ChildDirectory/GetChild")).BreakGlass);
    }
}

public sealed class SqliteShortBreakGlassServer() : DirectoryServerWith(TestDatabase.Sqlite, BreakGlassExpiryTests.Settings);

public sealed class PostgresShortBreakGlassServer() : DirectoryServerWith(TestDatabase.PostgreSql, BreakGlassExpiryTests.Settings);

/// <summary>A directory server with extra settings.</summary>
public abstract class DirectoryServerWith(TestDatabase database, IReadOnlyDictionary<string, string?> settings) : DirectoryServer(database)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => settings;
}

public sealed class SqliteBreakGlassExpiryTests(SqliteShortBreakGlassServer server) : BreakGlassExpiryTests(server), IClassFixture<SqliteShortBreakGlassServer>;

public sealed class PostgresBreakGlassExpiryTests(PostgresShortBreakGlassServer server) : BreakGlassExpiryTests(server), IClassFixture<PostgresShortBreakGlassServer>;
