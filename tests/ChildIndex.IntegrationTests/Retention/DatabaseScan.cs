using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace ChildIndex.IntegrationTests.Retention;

/// <summary>Every value of every table, looked through for what must not be there: text that
/// contains a needle, bytes that contain its UTF-8, or a date equal to one.</summary>
public static class DatabaseScan
{
    public static async Task<List<string>> FindAsync(DbContext db, IReadOnlyList<string> texts, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(texts);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var sqlite = db.Database.ProviderName!.Contains("Sqlite", StringComparison.Ordinal);
        var tables = await ReadStringsAsync(connection, sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
        Assert.Contains("Children", tables);
        var encoded = texts.Select(Encoding.UTF8.GetBytes).ToList();
        var isoDate = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var hits = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var found = reader.GetValue(i) switch
                    {
                        string s => texts.Any(t => s.Contains(t, StringComparison.OrdinalIgnoreCase)) || s.StartsWith(isoDate, StringComparison.Ordinal),
                        byte[] b => encoded.Any(e => b.AsSpan().IndexOf(e) >= 0),
                        DateOnly d => d == date,
                        DateTime d => DateOnly.FromDateTime(d) == date && d.TimeOfDay == TimeSpan.Zero,
                        _ => false,
                    };
                    if (found)
                    {
                        hits.Add($"{table}.{reader.GetName(i)}");
                    }
                }
            }
        }

        return hits;
    }

    private static async Task<List<string>> ReadStringsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
