using System.Text;
using System.Text.Json;
using ChildIndex.Cli.Input;
using ChildIndex.Contracts.V1;
using Grpc.Core;
using Spectre.Console;

namespace ChildIndex.Cli.Output;

/// <summary>What a bulk registration did: counts, and every refused item with its reasons.</summary>
public sealed class RegistrationReport
{
    private readonly string _file;
    private readonly IReadOnlyList<(RegistrationItem Item, RegisterChildrenResult Result)> _rows;

    public RegistrationReport(string file, IReadOnlyList<RegistrationItem> items, IReadOnlyList<RegisterChildrenResult> results)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(results);
        _file = file;
        _rows = [.. items.Zip(results)];
        // A replayed answer repeats the first call's outcome: counted apart, so that sending a file
        // again does not report its children as created again.
        Created = results.Count(r => r.Registered is { Replayed: false, Outcome: RegistrationOutcome.Created });
        MatchedExisting = results.Count(r => r.Registered is { Replayed: false, Outcome: RegistrationOutcome.MatchedExisting });
        PossibleDuplicates = results.Count(r => r.Registered is { Replayed: false, Outcome: RegistrationOutcome.CreatedPossibleDuplicate });
        AlreadyRegistered = results.Count(r => r.Registered is { Replayed: true });
        Refused = results.Count(r => r.ResultCase == RegisterChildrenResult.ResultOneofCase.Error);
    }

    public int Created { get; }

    public int MatchedExisting { get; }

    /// <summary>Created, and raised for the index team as possibly a child the index already held.</summary>
    public int PossibleDuplicates { get; }

    public int Refused { get; }

    /// <summary>Items answered from an earlier run with the same request_id.</summary>
    public int AlreadyRegistered { get; }

    public void Write(IAnsiConsole console)
    {
        console.WriteLine($"{Path.GetFileName(_file)}: {_rows.Count} sent: {Created} created, {MatchedExisting} matched existing, {Refused} refused" +
            (PossibleDuplicates > 0 ? $", {PossibleDuplicates} created as possible duplicates for the index team to review" : string.Empty) +
            (AlreadyRegistered > 0 ? $", {AlreadyRegistered} already registered by an earlier run (same request_id)" : string.Empty));
        if (Refused == 0)
        {
            return;
        }

        var table = new Table().AddColumns("Row", "Request id", "Status", "Problems");
        foreach (var (item, result) in _rows.Where(r => r.Result.Error is not null))
        {
            table.AddRow(
                new Text(item.Row.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(result.RequestId),
                new Text(((StatusCode)result.Error.Code).ToString()),
                new Text(string.Join('\n', Problems(result.Error))));
        }

        console.WriteLine();
        console.WriteLine("Refused:");
        console.Write(table);
    }

    /// <summary>The --json summary: counts and one entry per item, in file order.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("file", _file);
            json.WriteNumber("sent", _rows.Count);
            json.WriteNumber("created", Created);
            json.WriteNumber("matchedExisting", MatchedExisting);
            json.WriteNumber("possibleDuplicates", PossibleDuplicates);
            json.WriteNumber("refused", Refused);
            json.WriteNumber("alreadyRegistered", AlreadyRegistered);
            json.WriteStartArray("results");
            foreach (var (item, result) in _rows)
            {
                json.WriteStartObject();
                json.WriteNumber("row", item.Row);
                json.WriteString("requestId", result.RequestId);
                if (result.Registered is { } registered)
                {
                    json.WriteString("outcome", registered.Outcome switch
                    {
                        RegistrationOutcome.Created => "CREATED",
                        RegistrationOutcome.CreatedPossibleDuplicate => "CREATED_POSSIBLE_DUPLICATE",
                        _ => "MATCHED_EXISTING",
                    });
                    json.WriteString("childId", registered.ChildId);
                    json.WriteBoolean("replayed", registered.Replayed);
                }
                else
                {
                    json.WriteString("outcome", "REFUSED");
                    json.WriteStartObject("error");
                    json.WriteString("code", ((StatusCode)result.Error.Code).ToString());
                    json.WriteString("message", result.Error.Message);
                    json.WriteStartArray("fieldViolations");
                    foreach (var violation in result.Error.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations ?? [])
                    {
                        json.WriteStartObject();
                        json.WriteString("field", violation.Field);
                        json.WriteString("description", violation.Description);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // Field violations say exactly what to fix; a refusal without them (FAILED_PRECONDITION:
    // identifiers naming two children) has only its message.
    private static IReadOnlyList<string> Problems(Google.Rpc.Status error)
    {
        var violations = ErrorReport.Violations(error);
        return violations.Count > 0 ? violations : [error.Message];
    }
}
