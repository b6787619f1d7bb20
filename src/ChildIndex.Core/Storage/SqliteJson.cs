using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChildIndex.Core.Storage;

/// <summary>Values for SQL run on SQLite beside EF Core, written as EF Core's SQLite provider writes
/// them, so that comparisons with what it stored are exact: dates as 'yyyy-MM-dd' text, and an
/// array as one JSON text parameter that json_each opens.</summary>
internal static class SqliteJson
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Array(IEnumerable<string> values) => Write(values, static (writer, value) => writer.WriteStringValue(value));

    public static string Array(IEnumerable<long> values) => Write(values, static (writer, value) => writer.WriteNumberValue(value));

    private static string Write<T>(IEnumerable<T> values, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                write(writer, value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
