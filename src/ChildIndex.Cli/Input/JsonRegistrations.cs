using System.Text.Json;
using ChildIndex.Contracts.V1;
using Google.Protobuf;

namespace ChildIndex.Cli.Input;

/// <summary>
/// Registration requests from a JSON file: an array of RegisterChildRequest objects in protobuf's
/// canonical JSON mapping (field names in lowerCamelCase or as in the .proto, enums by name).
/// Unknown fields are errors: a misspelt field silently dropped would register a child without it.
/// </summary>
public static class JsonRegistrations
{
    private const int MaxProblems = 20;

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default);

    public static IReadOnlyList<RegistrationItem> Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException error)
        {
            throw new InputFileException("the file is not valid JSON; nothing was sent", [error.Message]);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new InputFileException("the file must hold a JSON array of RegisterChildRequest objects; nothing was sent");
            }

            var items = new List<RegistrationItem>();
            var problems = new List<string>();
            var position = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (problems.Count >= MaxProblems)
                {
                    break;
                }

                position++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    problems.Add($"item {position}: expected a RegisterChildRequest object, found {element.ValueKind}");
                    continue;
                }

                try
                {
                    items.Add(new RegistrationItem(position, Parser.Parse<RegisterChildRequest>(element.GetRawText())));
                }
                catch (InvalidProtocolBufferException error)
                {
                    problems.Add($"item {position}: {error.Message}");
                }
                catch (InvalidJsonException error)
                {
                    problems.Add($"item {position}: {error.Message}");
                }
            }

            if (problems.Count > 0)
            {
                throw new InputFileException($"the file has {(problems.Count == 1 ? "1 item" : $"{problems.Count} items")} that are not RegisterChildRequest objects; nothing was sent", problems);
            }

            return items;
        }
    }
}
