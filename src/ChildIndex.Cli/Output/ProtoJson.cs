using Google.Protobuf;

namespace ChildIndex.Cli.Output;

/// <summary>--json output: protobuf's canonical JSON mapping, the same shape any gRPC-JSON client sees.</summary>
public static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithIndentation());

    public static string Format(IMessage message) => Formatter.Format(message);

    public static Task WriteAsync(TextWriter output, IMessage message) => output.WriteLineAsync(Format(message));
}
