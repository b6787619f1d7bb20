using System.Text;

namespace ChildIndex.Cli.Input;

/// <summary>One CSV record and the file line it starts on (counting from 1, the header included).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 records: comma-separated fields, optionally in double quotes; a quoted field may hold
/// commas, line breaks and quotes written twice (""). Lines end with CRLF or LF. Blank lines are
/// skipped. Anything else, such as a quote in the middle of an unquoted field, is an error that
/// names its line, because guessing would register a child under a mangled name.
/// </summary>
public static class CsvReader
{
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<CsvRecord>();
        var position = 0;
        var line = 1;
        var field = new StringBuilder();
        while (position < text.Length)
        {
            var recordLine = line;
            var fields = new List<string>();
            while (true)
            {
                field.Clear();
                if (position < text.Length && text[position] == '"')
                {
                    position = ReadQuoted(text, position + 1, field, ref line, recordLine);
                    if (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                    {
                        throw Malformed(line, $"field {fields.Count + 1}: text after the closing quote (write a quote inside a quoted field as \"\")");
                    }
                }
                else
                {
                    while (position < text.Length && text[position] is not (',' or '\r' or '\n'))
                    {
                        if (text[position] == '"')
                        {
                            throw Malformed(line, $"field {fields.Count + 1}: a quote inside an unquoted field (quote the whole field and write the quote as \"\")");
                        }

                        field.Append(text[position++]);
                    }
                }

                fields.Add(field.ToString());
                if (position < text.Length && text[position] == ',')
                {
                    position++;
                    continue;
                }

                position = SkipLineBreak(text, position);
                line++;
                break;
            }

            if (fields is not [var only] || !string.IsNullOrWhiteSpace(only))
            {
                records.Add(new CsvRecord(recordLine, fields));
            }
        }

        return records;
    }

    private static int ReadQuoted(string text, int position, StringBuilder field, ref int line, int recordLine)
    {
        while (true)
        {
            if (position >= text.Length)
            {
                throw Malformed(recordLine, "a quoted field is not closed before the end of the file");
            }

            var c = text[position];
            if (c == '"')
            {
                if (position + 1 < text.Length && text[position + 1] == '"')
                {
                    field.Append('"');
                    position += 2;
                    continue;
                }

                return position + 1;
            }

            if (c == '\n')
            {
                line++;
            }

            field.Append(c);
            position++;
        }
    }

    private static int SkipLineBreak(string text, int position)
    {
        if (position < text.Length && text[position] == '\r')
        {
            position++;
        }

        if (position < text.Length && text[position] == '\n')
        {
            position++;
        }

        return position;
    }

    private static InputFileException Malformed(int line, string message) =>
        new("the file is not valid CSV; nothing was sent", [$"row {line}: {message}"]);
}
