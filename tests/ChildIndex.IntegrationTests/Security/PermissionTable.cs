using RoleNames = ChildIndex.Common.Security.Roles;

namespace ChildIndex.IntegrationTests.Security;

/// <summary>
/// The Role x RPC table of docs/permissions.md, read from the file itself, so that the tests
/// check what the documentation says rather than a copy of it.
/// </summary>
public sealed class PermissionTable
{
    public const string Allow = "allow";
    public const string OwnOrganisation = "own org";
    public const string Deny = "deny";

    private static readonly Lazy<PermissionTable> Parsed = new(() => Parse(File.ReadAllLines(DocumentPath())));

    private PermissionTable(IReadOnlyList<string> roles, IReadOnlyList<string> rpcs, IReadOnlyDictionary<(string Rpc, string Role), string> rules)
    {
        Roles = roles;
        Rpcs = rpcs;
        Rules = rules;
    }

    public static PermissionTable Document => Parsed.Value;

    /// <summary>The roles, in the order of the header row.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>The RPCs as "Service/Method", in the order of the rows.</summary>
    public IReadOnlyList<string> Rpcs { get; }

    public IReadOnlyDictionary<(string Rpc, string Role), string> Rules { get; }

    /// <summary>Every cell of the table, one theory case each: RPC, role, rule.</summary>
    public static TheoryData<string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var rpc in Document.Rpcs)
        {
            foreach (var role in Document.Roles)
            {
                data.Add(rpc, role, Document.Rules[(rpc, role)]);
            }
        }

        return data;
    }

    /// <summary>The organisation of the principal behind <see cref="Infrastructure.IdentityServer.TokenForRoleAsync"/>:
    /// the index team and the local authority's officers are "LCC"; practitioners, editors,
    /// safeguarding leads and agency systems "LS1234".</summary>
    public static string OrganisationOf(string role) =>
        role is RoleNames.IndexAdmin or RoleNames.SecurityOfficer or RoleNames.IdentityAdmin
            ? "LCC"
            : role is RoleNames.Practitioner or RoleNames.PractitionerEditor or RoleNames.SafeguardingLead or RoleNames.AgencySystem
                ? "LS1234"
                : throw new ArgumentOutOfRangeException(nameof(role), role, "a role the tests do not know: give its principal's organisation");

    public static string DocumentPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ChildIndex.sln")))
            {
                return Path.Combine(directory.FullName, "docs", "permissions.md");
            }
        }

        throw new InvalidOperationException($"ChildIndex.sln not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Reads the first Markdown table whose header starts with "RPC" after the
    /// "Role x RPC" heading.</summary>
    public static PermissionTable Parse(IReadOnlyList<string> lines)
    {
        var heading = lines.ToList().FindIndex(l => l.StartsWith("## Role x RPC", StringComparison.Ordinal));
        if (heading < 0)
        {
            throw new InvalidOperationException("docs/permissions.md has no \"## Role x RPC\" section");
        }

        var header = lines.Skip(heading + 1).ToList().FindIndex(l => Cells(l) is [ "RPC", .. ]) + heading + 1;
        if (header <= heading)
        {
            throw new InvalidOperationException("the Role x RPC section has no table whose first column is RPC");
        }

        var roles = Cells(lines[header]).Skip(1).ToList();
        if (!Cells(lines[header + 1]).All(c => c.Trim(':').Length > 0 && c.Trim(':').All(ch => ch == '-')))
        {
            throw new InvalidOperationException("the Role x RPC table has no separator row under its header");
        }

        var rpcs = new List<string>();
        var rules = new Dictionary<(string, string), string>();
        foreach (var line in lines.Skip(header + 2).TakeWhile(l => l.TrimStart().StartsWith('|')))
        {
            var cells = Cells(line);
            if (cells.Count != roles.Count + 1)
            {
                throw new InvalidOperationException($"row \"{line}\" has {cells.Count} cells; the header has {roles.Count + 1}");
            }

            var rpc = cells[0];
            if (rpcs.Contains(rpc))
            {
                throw new InvalidOperationException($"{rpc} appears twice in the table");
            }

            rpcs.Add(rpc);
            for (var i = 0; i < roles.Count; i++)
            {
                rules[(rpc, roles[i])] = cells[i + 1];
            }
        }

        return new PermissionTable(roles, rpcs, rules);
    }

    private static List<string> Cells(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith('|') || !trimmed.EndsWith('|') || trimmed.Length < 2)
        {
            return [];
        }

        return [.. trimmed[1..^1].Split('|').Select(c => c.Trim())];
    }
}
