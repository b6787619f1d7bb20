using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChildIndex.Common.Security;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Clients;
using ChildIndex.Identity.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OtpNet;

namespace ChildIndex.Identity.DemoData;

/// <summary>
/// Demo users of every role and a demo agency client, for `./run.sh` (the `seed-demo` command
/// refuses outside Development). Their credentials are fixed and printed, so that a developer can
/// sign in after any restart; they must never exist in a real installation.
/// </summary>
public static class DemoIdentities
{
    public const string Password = "childindex-demo";
    public const string AgencyClientId = "demo-school-mis";
    public const string AgencyClientSecret = "demo-school-mis-secret";

    private static readonly (string Username, string DisplayName, string Role, string OrgCode, string OrgName, bool Lapsed)[] People =
    [
        ("pat.practitioner", "Pat Okoro", Roles.Practitioner, "LS1234", "Hyde Park Primary School", false),
        ("eddie.editor", "Eddie Walsh", Roles.PractitionerEditor, "LDS01", "Leeds Children's Social Work Service", false),
        ("sam.safeguarding", "Sam Adeyemi", Roles.SafeguardingLead, "LDS01", "Leeds Children's Social Work Service", false),
        ("ida.index", "Ida Kowalska", Roles.IndexAdmin, "LCC", "Leeds City Council Index Team", false),
        ("sol.security", "Sol Haddad", Roles.SecurityOfficer, "LCC", "Leeds City Council Information Governance", false),
        ("ada.identity", "Ada Mensah", Roles.IdentityAdmin, "LCC", "Leeds City Council Identity Administration", false),
        ("lee.lapsed", "Lee Brennan", Roles.Practitioner, "B86001", "Woodhouse Medical Practice", true),
    ];

    public static async Task<string> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IdentityStoreDbContext>();
        var hasher = services.GetRequiredService<IPasswordHasher<User>>();
        var totp = services.GetRequiredService<TotpAuthenticator>();
        var time = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var report = new StringBuilder("demo identities (Development only; every user's password: ")
            .Append(Password).AppendLine(")")
            .AppendLine(CultureInfo.InvariantCulture, $"  {"username",-18} {"role",-20} {"organisation",-8} TOTP secret (./childindex totp SECRET prints the current code)");
        foreach (var person in People)
        {
            var secret = Secret(person.Username);
            if (!await db.Users.AnyAsync(u => u.Username == person.Username, cancellationToken))
            {
                var user = new User
                {
                    Id = Guid.CreateVersion7(),
                    Username = person.Username,
                    DisplayName = person.DisplayName,
                    OrganisationCode = person.OrgCode,
                    OrganisationName = person.OrgName,
                    Roles = person.Role,
                    PasswordHash = string.Empty,
                    ProtectedTotpSecret = totp.Protect(secret),
                    DbsCheckDate = person.Lapsed ? today.AddYears(-4) : today.AddYears(-1),
                    DbsCertificateReference = "001234567890",
                    TrainingCompletedDate = today.AddMonths(-2),
                    AgreementSignedDate = today.AddMonths(-2),
                    CreatedAt = time.GetUtcNow(),
                };
                user.PasswordHash = hasher.HashPassword(user, Password);
                db.Users.Add(user);
            }

            var note = person.Lapsed ? "  (DBS check 4 years old: vetting lapsed, sign-in refused)" : string.Empty;
            report.AppendLine(CultureInfo.InvariantCulture, $"  {person.Username,-18} {person.Role,-20} {person.OrgCode,-8} {secret}{note}");
        }

        if (!await db.AgencyClients.AnyAsync(c => c.ClientId == AgencyClientId, cancellationToken))
        {
            db.AgencyClients.Add(new AgencyClient
            {
                ClientId = AgencyClientId,
                DisplayName = "Hyde Park Primary School MIS",
                OrganisationCode = "LS1234",
                OrganisationName = "Hyde Park Primary School",
                CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            await services.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(
                ClientAdministration.AgencyDescriptor(AgencyClientId, "Hyde Park Primary School MIS", AgencyClientSecret), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        report.Append(CultureInfo.InvariantCulture, $"demo agency client: {AgencyClientId}, secret {AgencyClientSecret} (organisation LS1234)");
        return report.ToString();
    }

    /// <summary>A fixed TOTP secret per demo user.</summary>
    public static string Secret(string username) =>
        Base32Encoding.ToString(SHA256.HashData(Encoding.UTF8.GetBytes($"childindex-demo/{username}"))[..20]);
}
