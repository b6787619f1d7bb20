using ChildIndex.Contracts.V1;
using Spectre.Console;
using static ChildIndex.Cli.Output.TableParts;

namespace ChildIndex.Cli.Output;

/// <summary>Accounts and agency clients as identity administrators read them. Values are plain text, never markup.</summary>
public static class AdminTables
{
    public static void WriteUser(IAnsiConsole console, UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(user);
        var vetting = user.Vetting ?? new Vetting();
        console.Write(Pairs(
            ("Username", user.Username),
            ("Name", user.DisplayName),
            ("Organisation", Organisation(user.OrganisationCode, user.OrganisationName)),
            ("Roles", string.Join(", ", user.Roles)),
            ("Status", Status(user)),
            ("Vetting", VettingSummary(user)),
            ("DBS check", Joined(Labels.Date(vetting.DbsCheckDate), vetting.DbsCertificateReference)),
            ("Training", Labels.Date(vetting.TrainingCompletedDate)),
            ("Agreement signed", Labels.Date(vetting.AgreementSignedDate)),
            ("Locked until", Labels.Time(user.LockedUntil)),
            ("Created", Labels.Time(user.CreatedAt)),
            ("User id", user.UserId)));
    }

    public static void WriteUsers(IAnsiConsole console, IReadOnlyCollection<UserAccount> users)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(users);
        if (users.Count == 0)
        {
            console.WriteLine("no users found");
            return;
        }

        var table = new Table().AddColumns("Username", "Name", "Organisation", "Roles", "Status", "Vetting", "Locked until");
        foreach (var user in users)
        {
            table.AddRow(Cells(
            [
                user.Username,
                user.DisplayName,
                user.OrganisationCode,
                string.Join(", ", user.Roles),
                Status(user),
                VettingSummary(user),
                Labels.Time(user.LockedUntil),
            ]));
        }

        console.Write(table);
        console.WriteLine(users.Count == 1 ? "1 user" : $"{users.Count} users");
    }

    public static void WriteClients(IAnsiConsole console, IReadOnlyCollection<AgencyClient> clients)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(clients);
        if (clients.Count == 0)
        {
            console.WriteLine("no agency clients found");
            return;
        }

        var table = new Table().AddColumns("Client id", "Name", "Organisation", "Status", "Created");
        foreach (var client in clients)
        {
            table.AddRow(Cells(
            [
                client.ClientId,
                client.DisplayName,
                client.OrganisationCode,
                client.Revoked ? "revoked" : "active",
                Labels.Time(client.CreatedAt),
            ]));
        }

        console.Write(table);
        console.WriteLine(clients.Count == 1 ? "1 agency client" : $"{clients.Count} agency clients");
    }

    public static void WriteClient(IAnsiConsole console, AgencyClient client)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(client);
        console.Write(Pairs(
            ("Client id", client.ClientId),
            ("Name", client.DisplayName),
            ("Organisation", Organisation(client.OrganisationCode, client.OrganisationName)),
            ("Status", client.Revoked ? "revoked" : "active"),
            ("Created", Labels.Time(client.CreatedAt))));
    }

    /// <summary>
    /// Secrets the server returns once and never again (it keeps only hashes, or encrypted copies
    /// it never discloses): marked so that nobody expects to look them up later.
    /// </summary>
    public static void WriteShownOnce(IAnsiConsole console, string instruction, IReadOnlyList<(string Label, string Value)> secrets)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine();
        console.Write(new Text($"SHOWN ONCE, NEVER AGAIN: {instruction}", new Style(decoration: Decoration.Bold)));
        console.WriteLine();
        console.Write(Pairs([.. secrets]));
    }

    private static string Status(UserAccount user) => user.Status switch
    {
        AccountStatus.Suspended => user.SuspensionReason.Length > 0 ? $"suspended: {user.SuspensionReason}" : "suspended",
        AccountStatus.Active => "active",
        _ => "unknown",
    };

    private static string VettingSummary(UserAccount user) =>
        user.VettingCurrent
            ? Joined("current", user.VettingExpiresOn is null ? string.Empty : $"(lapses {Labels.Date(user.VettingExpiresOn)})")
            : Joined("not current", user.VettingProblem.Length > 0 ? $"({user.VettingProblem})" : string.Empty);

    private static string Organisation(string code, string name) => name.Length > 0 ? $"{name} ({code})" : code;

    private static string Joined(string first, string second) => $"{first} {second}".Trim();
}
