using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace ChildIndex.IntegrationTests.Audit;

/// <summary>
/// The misuse report, on a directory configured for it: more than 3 look-ups an hour is high volume,
/// and the working day is set two hours ahead of now (UK time), so that every look-up made during the
/// test is out of hours.
/// </summary>
public abstract class MisuseReportTests(DirectoryServer server)
{
    [Fact]
    public async Task FourLookUpsInAnHour_ByOneUser_AreReportedAsHighVolume_ButThreeAreNot()
    {
        var busy = await SignInFreshUserAsync();
        var steady = await SignInFreshUserAsync();
        var busyLookUps = await LookUpAsync(busy, 4);
        await LookUpAsync(steady, 3);

        var findings = await ReportAsync();

        var highVolume = Assert.Single(findings, f => f.Kind == MisuseFinding.Types.Kind.HighVolume && f.Actor.Subject == busy.Subject);
        Assert.Equal(busyLookUps, highVolume.Sequences);
        Assert.Contains("4 look-ups", highVolume.Summary, StringComparison.Ordinal);
        Assert.Contains("threshold 3", highVolume.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Kind == MisuseFinding.Types.Kind.HighVolume && f.Actor.Subject == steady.Subject);
    }

    [Fact]
    public async Task SearchForTheUsersOwnFamilyName_IsReportedAsOwnFamilyName()
    {
        var family = TestRequests.NewFamilyName();
        await server.Registration.RegisterChildAsync(TestRequests.Registration(TestRequests.Details(family)));
        var relative = await SignInFreshUserAsync($"Sam {family}");
        var stranger = await SignInFreshUserAsync($"Alex {TestRequests.NewFamilyName()}");
        var search = new SearchChildrenRequest
        {
            Purpose = TestRequests.Purpose(),
            Name = new NameSearch { FamilyName = family.ToLowerInvariant(), DateOfBirth = TestRequests.Date(2016, 3, 14) },
        };
        using (var channel = server.ChannelWithToken(relative.Token))
        {
            await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(search);
        }

        using (var channel = server.ChannelWithToken(stranger.Token))
        {
            await new ChildDirectory.ChildDirectoryClient(channel).SearchChildrenAsync(search);
        }

        var findings = await ReportAsync();

        var own = Assert.Single(findings, f => f.Kind == MisuseFinding.Types.Kind.OwnFamilyName && f.Actor.Subject == relative.Subject);
        Assert.Contains(family.ToUpperInvariant(), own.Summary, StringComparison.Ordinal);
        Assert.Single(own.Sequences);
        Assert.Equal($"Sam {family}", own.Actor.DisplayName);
        Assert.DoesNotContain(findings, f => f.Kind == MisuseFinding.Types.Kind.OwnFamilyName && f.Actor.Subject == stranger.Subject);
    }

    [Fact]
    public async Task LookUpOutsideTheConfiguredWorkingHours_IsReportedAsOutOfHours()
    {
        var late = await SignInFreshUserAsync();
        var lookUps = await LookUpAsync(late, 1);

        var findings = await ReportAsync();

        var outOfHours = Assert.Single(findings, f => f.Kind == MisuseFinding.Types.Kind.OutOfHours && f.Actor.Subject == late.Subject);
        Assert.Equal(lookUps, outOfHours.Sequences);
        Assert.Contains($"{MisuseSettings.StartHour:00}:00 to {MisuseSettings.EndHour:00}:00", outOfHours.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LookUpsOutsideTheReportsTimeRange_AreNotReported()
    {
        var user = await SignInFreshUserAsync();
        await LookUpAsync(user, 4);

        var findings = await ReportAsync(DateTimeOffset.UtcNow.AddHours(-3), DateTimeOffset.UtcNow.AddHours(-2));

        Assert.DoesNotContain(findings, f => f.Actor.Subject == user.Subject);
    }

    [Fact]
    public async Task Report_WithARangeThatEndsBeforeItStarts_IsInvalidNamingTo()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var now = DateTimeOffset.UtcNow;

        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => officer.MisuseReportAsync(new MisuseReportRequest
        {
            From = Timestamp.FromDateTimeOffset(now),
            To = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
        }).ResponseAsync);

        Assert.Equal(["to"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task Report_OfAnOrdinaryRange_IsNotTruncated()
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);

        var report = await officer.MisuseReportAsync(new MisuseReportRequest { From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) });

        Assert.False(report.Truncated);
    }

    private async Task<List<MisuseFinding>> ReportAsync(DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var officer = await AuditTestKit.SecurityOfficerAsync(server);
        var report = await officer.MisuseReportAsync(new MisuseReportRequest
        {
            From = Timestamp.FromDateTimeOffset(from ?? DateTimeOffset.UtcNow.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(to ?? DateTimeOffset.UtcNow.AddMinutes(1)),
        });
        return [.. report.Findings];
    }

    /// <summary><paramref name="count"/> look-ups of a new child by <paramref name="user"/>; their sequences.</summary>
    private async Task<List<long>> LookUpAsync(SignedInUser user, int count)
    {
        var childId = (await server.Registration.RegisterChildAsync(TestRequests.Registration())).ChildId;
        var before = await AuditTestKit.NewestSequenceAsync(server);
        using var channel = server.ChannelWithToken(user.Token);
        var directory = new ChildDirectory.ChildDirectoryClient(channel);
        for (var i = 0; i < count; i++)
        {
            await directory.GetChildAsync(new GetChildRequest { Purpose = TestRequests.Purpose(), ChildId = childId });
        }

        var records = await AuditTestKit.CallRecordsAfterAsync(server, before);
        Assert.Equal(count, records.Count);
        return [.. records.Select(r => r.Sequence)];
    }

    /// <summary>A practitioner enrolled as identity administrators do, with the display name given, signed in.</summary>
    private async Task<SignedInUser> SignInFreshUserAsync(string? displayName = null)
    {
        TestUser user;
        if (displayName is null)
        {
            user = await server.Identity.CreateUserAsync(Roles.Practitioner);
        }
        else
        {
            await using var scope = server.Identity.Services.CreateAsyncScope();
            var enrolled = await scope.ServiceProvider.GetRequiredService<UserAdministration>().EnrolAsync(
                new EnrolUserRequest
                {
                    Username = $"misuse-{Guid.NewGuid():N}"[..30],
                    DisplayName = displayName,
                    OrganisationCode = "LS1234",
                    OrganisationName = "Organisation LS1234",
                    Roles = { Roles.Practitioner },
                    Vetting = IdentityServer.CurrentVetting(DateOnly.FromDateTime(DateTime.UtcNow)),
                },
                "tests",
                CancellationToken.None);
            user = new TestUser(enrolled.User.Username, enrolled.InitialPassword, enrolled.TotpSecret, Roles.Practitioner, "LS1234");
        }

        var token = (await server.Identity.SignInAsync(user)).AccessToken!;
        return new SignedInUser(token, AuditTestKit.Subject(token));
    }

    private sealed record SignedInUser(string Token, string Subject);
}

/// <summary>The misuse thresholds the tests control.</summary>
public static class MisuseSettings
{
    private static readonly int NowHour = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).Hour;

    /// <summary>Two hours ahead of the current UK hour, one hour long: neither this hour nor the next is inside.</summary>
    public static readonly int StartHour = (NowHour + 2) % 24;

    public static readonly int EndHour = StartHour + 1;

    public static readonly IReadOnlyDictionary<string, string?> Values = new Dictionary<string, string?>
    {
        ["MISUSE_LOOKUPS_PER_HOUR"] = "3",
        ["MISUSE_WORKING_DAY_START_HOUR"] = StartHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MISUSE_WORKING_DAY_END_HOUR"] = EndHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class SqliteMisuseDirectoryServer() : DirectoryServer(TestDatabase.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => MisuseSettings.Values;
}

public sealed class PostgresMisuseDirectoryServer() : DirectoryServer(TestDatabase.PostgreSql)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => MisuseSettings.Values;
}

public sealed class SqliteMisuseReportTests(SqliteMisuseDirectoryServer server) : MisuseReportTests(server), IClassFixture<SqliteMisuseDirectoryServer>;

public sealed class PostgresMisuseReportTests(PostgresMisuseDirectoryServer server) : MisuseReportTests(server), IClassFixture<PostgresMisuseDirectoryServer>;
