using ChildIndex.Common.Errors;
using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.Identity.Core.Accounts;
using ChildIndex.Identity.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.Identity.Hosting;

/// <summary>
/// `ChildIndex.Identity bootstrap-admin --username U --display-name N --org-code C --org-name O
/// --dbs-date yyyy-MM-dd --dbs-ref 012345678901 --training-date yyyy-MM-dd --agreement-date yyyy-MM-dd`:
/// enrols the first identity administrator of a new installation, who then enrols everyone else
/// through the IdentityAdmin API. Refused once any identity administrator exists.
/// </summary>
public static class BootstrapAdmin
{
    public const string Command = "bootstrap-admin";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var db = services.GetRequiredService<IdentityStoreDbContext>();
        var admins = await db.Users.AsNoTracking().Select(u => u.Roles).ToListAsync();
        if (admins.Any(roles => roles.Split(' ').Contains(Roles.IdentityAdmin)))
        {
            await Console.Error.WriteLineAsync("bootstrap-admin refused: an identity administrator exists already; use `childindex admin enrol-user`");
            return 1;
        }

        var options = Options(args);
        var request = new EnrolUserRequest
        {
            Username = options.GetValueOrDefault("username", string.Empty),
            DisplayName = options.GetValueOrDefault("display-name", string.Empty),
            OrganisationCode = options.GetValueOrDefault("org-code", string.Empty),
            OrganisationName = options.GetValueOrDefault("org-name", string.Empty),
            Roles = { Roles.IdentityAdmin },
            Vetting = new Vetting
            {
                DbsCheckDate = Date(options.GetValueOrDefault("dbs-date")),
                DbsCertificateReference = options.GetValueOrDefault("dbs-ref", string.Empty),
                TrainingCompletedDate = Date(options.GetValueOrDefault("training-date")),
                AgreementSignedDate = Date(options.GetValueOrDefault("agreement-date")),
            },
        };
        try
        {
            var enrolled = await services.GetRequiredService<UserAdministration>().EnrolAsync(request, "bootstrap-admin", CancellationToken.None);
            Console.WriteLine($"enrolled identity administrator {enrolled.User.Username}; shown once, never again:");
            Console.WriteLine($"  password     {enrolled.InitialPassword}");
            Console.WriteLine($"  TOTP secret  {enrolled.TotpSecret}");
            Console.WriteLine($"  TOTP URI     {enrolled.TotpUri}");
            return 0;
        }
        catch (DomainException error)
        {
            await Console.Error.WriteLineAsync($"bootstrap-admin refused: {error.Message}");
            foreach (var violation in error.Violations)
            {
                await Console.Error.WriteLineAsync($"  {violation.Field}: {violation.Description}");
            }

            return 2;
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }

    private static Google.Type.Date? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date)
            ? new Google.Type.Date { Year = date.Year, Month = date.Month, Day = date.Day }
            : null;
}
