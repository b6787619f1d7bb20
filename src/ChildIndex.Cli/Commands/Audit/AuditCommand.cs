using System.CommandLine;
using System.Globalization;
using ChildIndex.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace ChildIndex.Cli.Commands.Audit;

/// <summary>
/// `childindex audit ...`: the security officers' commands over the AuditTrail API (query, who
/// accessed a child, misuse, export), and the offline check of an export with nothing but the
/// public key (verify FILE).
/// </summary>
public static class AuditCommand
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 10_000;

    // The server's largest page (QueryAuditRequest.page_size).
    private const int MaxPageSize = 100;

    private static readonly string[] DateFormats = ["yyyy-MM-dd"];

    private static readonly string[] TimeFormats =
    [
        .. new[] { "HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF" }
            .SelectMany(time => new[] { 'T', ' ' }.Select(separator => $"yyyy-MM-dd'{separator}'{time}"))
            .SelectMany(format => new[] { format, format + "K" }),
    ];

    public static Command Create(CommandHost host)
    {
        var command = new Command(
            "audit",
            "The audit trail, as a signed-in security officer: who looked at which child, when and why (query, who-accessed), " +
            "possible misuse, and a signed export that anyone with the public key can check offline (export, verify)");
        foreach (var subcommand in AuditQueryCommands.Create(host).Concat(AuditExportCommands.Create(host)))
        {
            command.Subcommands.Add(subcommand);
        }

        return command;
    }

    public static Option<int> Limit(string what) => new("--limit")
    {
        Description = $"At most this many {what}, newest first (1 to {MaxLimit}; the server is asked a page at a time)",
        HelpName = "N",
        DefaultValueFactory = _ => DefaultLimit,
    };

    public static Option<string> From() => new("--from")
    {
        Description = "From this time on (ISO 8601: 2026-01-05, 2026-01-05T09:00, 2026-01-05T09:00:00+01:00; UTC unless an offset is given)",
        HelpName = "ISO8601",
    };

    public static Option<string> To() => new("--to")
    {
        Description = "Before this time (ISO 8601, as --from; a date alone means the end of that day)",
        HelpName = "ISO8601",
    };

    public static int ReadLimit(ParseResult parsed, Option<int> option)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var limit = parsed.GetValue(option);
        return limit is >= 1 and <= MaxLimit
            ? limit
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--limit must be 1 to {MaxLimit}, not {limit}"));
    }

    /// <summary>The range given by --from and --to, checked to be a range.</summary>
    public static (Timestamp? From, Timestamp? To) ReadRange(ParseResult parsed, Option<string> from, Option<string> to)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var start = Time(from.Name, parsed.GetValue(from), endOfDay: false);
        var end = Time(to.Name, parsed.GetValue(to), endOfDay: true);
        if (start is { } s && end is { } e && s >= e)
        {
            throw new UsageException($"--from ({s:yyyy-MM-dd HH:mm:ss} UTC) must be before --to ({e:yyyy-MM-dd HH:mm:ss} UTC)");
        }

        return (start is null ? null : Timestamp.FromDateTimeOffset(start.Value), end is null ? null : Timestamp.FromDateTimeOffset(end.Value));
    }

    /// <summary>
    /// Asks for pages until <paramref name="limit"/> records are in hand or the server has no more;
    /// returns them with the token of the next page (empty when there is none).
    /// </summary>
    public static async Task<(List<AuditRecord> Records, string NextPageToken)> PagesAsync(
        int limit, Func<int, string, Task<(IEnumerable<AuditRecord> Records, string NextPageToken)>> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var records = new List<AuditRecord>();
        var token = string.Empty;
        do
        {
            var (batch, next) = await page(Math.Min(MaxPageSize, limit - records.Count), token);
            records.AddRange(batch.Take(limit - records.Count));
            token = next;
        }
        while (token.Length > 0 && records.Count < limit);

        return (records, token);
    }

    private static DateTimeOffset? Time(string name, string? value, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        const DateTimeStyles utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var text = value.Trim();
        if (DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, utc, out var day))
        {
            return endOfDay ? day.AddDays(1) : day;
        }

        return DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, utc, out var time)
            ? time
            : throw new UsageException($"{name} '{value}' is not an ISO 8601 date or time (2026-01-05, 2026-01-05T09:30, 2026-01-05T09:30:00Z)");
    }
}
