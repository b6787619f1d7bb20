using ChildIndex.Common.Security;
using ChildIndex.Contracts.V1;
using ChildIndex.IntegrationTests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChildIndex.IntegrationTests.Hosting;

/// <summary>
/// Whatever a caller sends, the answer is deliberate: never INTERNAL or UNKNOWN, never a stack
/// trace in the log for the caller's mistake, and the service stays SERVING. Every RPC is found by
/// server reflection, so a method added later is covered without touching this test.
/// </summary>
public abstract class MalformedRequestTests(LoggedDirectoryServer server, ITestOutputHelper output)
{
    /// <summary>The classes of bytes that are not a protobuf message of the method's request type.</summary>
    public static readonly string[] MalformedClasses = ["invalid UTF-8 in a string field", "garbage bytes", "2,000 nested groups", "truncated message"];

    private static readonly StatusCode[] Undeliberate = [StatusCode.Internal, StatusCode.Unknown];

    [Fact]
    public async Task MalformedBytes_OnEveryRpc_AnswerInvalidArgumentNamingTheMessage_WithoutAStackTraceInTheLog()
    {
        var methods = await DiscoverMethodsAsync();
        server.Logs.Clear();
        var failures = new List<string>();
        var sent = 0;

        foreach (var method in methods)
        {
            foreach (var malformedClass in MalformedClasses)
            {
                if (Malformed(method.Input, malformedClass) is not { } bytes)
                {
                    continue;
                }

                sent++;
                var (status, detail) = await CallAsync(server.Channel, method, [bytes]);
                if (status != StatusCode.InvalidArgument || !detail.Contains(method.Input.FullName, StringComparison.Ordinal))
                {
                    failures.Add($"{method.FullName} with {malformedClass}: {status} \"{detail}\"");
                }
            }
        }

        var logged = server.Logs.Entries;
        Assert.Empty(failures);
        Assert.True(sent >= methods.Count * 3, $"only {sent} malformed requests sent to {methods.Count} methods");
        Assert.DoesNotContain(logged, entry => entry.Exception is not null || entry.Level >= LogLevel.Error);
        // One line per refusal; warnings of the service's background work (a timer, a reconnect) are not the request's.
        var refusals = logged.Where(entry => entry.Level == LogLevel.Warning && entry.Message.StartsWith("Refused a malformed ", StringComparison.Ordinal)).ToList();
        Assert.True(refusals.Count <= sent, $"{refusals.Count} warning lines for {sent} malformed requests");
        Assert.DoesNotContain(logged, entry => entry.Level == LogLevel.Warning && entry.Category.Contains(".GrpcErrors.", StringComparison.Ordinal) && !refusals.Contains(entry));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task RegisterChildrenStream_WithAMalformedItem_AnswersTheItemsBeforeItThenInvalidArgument()
    {
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "childindex.v1.Registration", "RegisterChildren", RawBytes, RawBytes);
        using var call = server.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions());
        await call.RequestStream.WriteAsync(TestRequests.Registration().ToByteArray());
        await call.RequestStream.WriteAsync([0x12, 0x03, 0x0A, 0x02, 0xC3, 0x28]);
        await call.RequestStream.CompleteAsync();

        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var first = RegisterChildrenResult.Parser.ParseFrom(call.ResponseStream.Current);
        var error = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(RegisterChildrenResult.ResultOneofCase.Registered, first.ResultCase);
        Assert.Contains("childindex.v1.RegisterChildRequest", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(["childindex.v1.RegisterChildRequest"], RpcAssert.ViolatedFields(error));
    }

    [Fact]
    public async Task Fuzz_EveryRpcDiscoveredByReflection_NeverAnswersInternalOrUnknown_AndTheServiceStaysServing()
    {
        var seed = Environment.GetEnvironmentVariable("CHILDINDEX_FUZZ_SEED") is { Length: > 0 } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : Random.Shared.Next();
        output.WriteLine($"fuzz seed {seed} (rerun with CHILDINDEX_FUZZ_SEED={seed})");
        var methods = await DiscoverMethodsAsync();
        var registered = await server.Registration.RegisterChildAsync(TestRequests.Registration());
        var templates = Templates(registered);
        var channels = new List<GrpcChannel> { server.Channel };
        foreach (var role in new[] { Roles.SecurityOfficer, Roles.SafeguardingLead, Roles.AgencySystem, Roles.Practitioner })
        {
            channels.Add(await server.ChannelForRoleAsync(role));
        }

        var values = new FuzzValues(registered.ChildId);
        var random = new Random(seed);
        var cases = new List<(RpcMethod Method, string Kind, GrpcChannel Channel, byte[][] Messages)>();
        foreach (var method in methods)
        {
            var template = templates.GetValueOrDefault(method.FullName, []);
            void Add(string kind, Func<byte[]> message) =>
                cases.Add((method, kind, channels[random.Next(channels.Count)], Messages(random, message)));
            for (var i = 0; i < 12; i++)
            {
                // A valid request with a field or two overwritten reaches past the first checks.
                Add("valid message with extreme fields", () => [.. template, .. values.Overlay(method.Input, random)]);
            }

            for (var i = 0; i < 6; i++)
            {
                Add("random message", () => values.Message(method.Input, random));
            }

            for (var i = 0; i < 4; i++)
            {
                Add("mutated message", () => FuzzValues.Mutate([.. template, .. values.Message(method.Input, random)], random));
            }

            for (var i = 0; i < 2; i++)
            {
                Add("random bytes", () => FuzzValues.Bytes(random, random.Next(0, 64)));
            }
        }

        server.Logs.Clear();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var answers = new System.Collections.Concurrent.ConcurrentDictionary<(string Method, StatusCode Status), int>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (fuzzCase, _) =>
        {
            var (status, detail) = await CallAsync(fuzzCase.Channel, fuzzCase.Method, fuzzCase.Messages);
            answers.AddOrUpdate((fuzzCase.Method.FullName, status), 1, (_, count) => count + 1);
            if (Undeliberate.Contains(status))
            {
                failures.Add($"{fuzzCase.Method.FullName} ({fuzzCase.Kind} {Convert.ToHexString(fuzzCase.Messages[0])}): {status} \"{detail}\"");
            }
        });

        foreach (var method in answers.GroupBy(a => a.Key.Method).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{method.Key}: {string.Join(", ", method.OrderBy(a => a.Key.Status).Select(a => $"{a.Key.Status} {a.Value}"))}");
        }

        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        // EF logs every failed command at Error, including the unique-key races between concurrent
        // registrations of one template that the registrar resolves (RegistrationRaced): what this
        // test is about is what the service itself logs.
        var errorsLogged = server.Logs.Entries
            .Where(entry => entry.Level >= LogLevel.Error && !entry.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            .Select(entry => $"{entry.Category}: {entry.Message}").Distinct().ToList();
        Assert.True(failures.IsEmpty, $"seed {seed}, {cases.Count} calls:\n{string.Join('\n', failures.Take(20))}");
        Assert.True(errorsLogged.Count == 0, $"seed {seed}:\n{string.Join('\n', errorsLogged.Take(20))}");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    /// <summary>A valid request for each directory RPC, as bytes, naming a child that exists.</summary>
    private static Dictionary<string, byte[]> Templates(RegisterChildResponse child)
    {
        var id = child.ChildId;
        var registration = TestRequests.Registration().ToByteArray();
        return new Dictionary<string, byte[]>
        {
            ["childindex.v1.ChildDirectory/GetChild"] = new GetChildRequest { ChildId = id, Purpose = TestRequests.Purpose() }.ToByteArray(),
            ["childindex.v1.ChildDirectory/SearchChildren"] = new SearchChildrenRequest
            {
                Purpose = TestRequests.Purpose(),
                Name = new NameSearch { FamilyName = "Mensa", GivenName = "Kofi", DateOfBirth = TestRequests.Date(2012, 5, 1), Postcode = "LS6 2AB" },
            }.ToByteArray(),
            ["childindex.v1.Registration/RegisterChild"] = registration,
            ["childindex.v1.Registration/RegisterChildren"] = registration,
            ["childindex.v1.Registration/UpdateChildDetails"] = new UpdateChildDetailsRequest { ChildId = id, ExpectedVersion = child.Version, Details = TestRequests.Details() }.ToByteArray(),
            ["childindex.v1.Registration/RecordInvolvement"] = new RecordInvolvementRequest { ChildId = id, RequestId = TestRequests.NewRequestId(), Involvement = TestRequests.Involvement() }.ToByteArray(),
            ["childindex.v1.AuditTrail/QueryAudit"] = new QueryAuditRequest { ChildId = id, PageSize = 10 }.ToByteArray(),
            ["childindex.v1.AuditTrail/WhoAccessedChild"] = new WhoAccessedChildRequest { ChildId = id, PageSize = 10 }.ToByteArray(),
            ["childindex.v1.AuditTrail/GetInclusionProof"] = new GetInclusionProofRequest { Sequence = 1, TreeSize = 2 }.ToByteArray(),
            ["childindex.v1.AuditTrail/GetConsistencyProof"] = new GetConsistencyProofRequest { FirstSize = 1, SecondSize = 2 }.ToByteArray(),
            ["childindex.v1.IndexManagement/ShieldChild"] = new ShieldChildRequest { ChildId = id, Reason = ShieldReason.DomesticAbuse, Justification = "fuzz" }.ToByteArray(),
            ["childindex.v1.IndexManagement/BreakGlass"] = new BreakGlassRequest { ChildId = id, Justification = "fuzz", Purpose = TestRequests.Purpose() }.ToByteArray(),
        };
    }

    private static byte[][] Messages(Random random, Func<byte[]> next) => [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => next())];

    private static readonly Marshaller<byte[]> RawBytes = Marshallers.Create(bytes => bytes, bytes => bytes);

    public sealed record RpcMethod(string Service, string Name, MessageDescriptor Input, bool ClientStreaming, bool ServerStreaming)
    {
        public string FullName => $"{Service}/{Name}";
    }

    /// <summary>Every method of every service the server lists by reflection, with its request
    /// type built from the descriptors reflection returns.</summary>
    private async Task<IReadOnlyList<RpcMethod>> DiscoverMethodsAsync()
    {
        using var call = new ServerReflection.ServerReflectionClient(server.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        var files = new Dictionary<string, FileDescriptorProto>();
        foreach (var service in services)
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = service });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            foreach (var bytes in call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto)
            {
                var file = FileDescriptorProto.Parser.ParseFrom(bytes);
                files.TryAdd(file.Name, file);
            }
        }

        await call.RequestStream.CompleteAsync();
        var built = FileDescriptor.BuildFromByteStrings(DependencyOrder(files).Select(f => f.ToByteString()));
        var methods = built.SelectMany(f => f.Services)
            .Where(s => services.Contains(s.FullName))
            .SelectMany(s => s.Methods.Select(m => new RpcMethod(s.FullName, m.Name, m.InputType, m.IsClientStreaming, m.IsServerStreaming)))
            .ToList();
        Assert.Contains(methods, m => m.FullName == "childindex.v1.Registration/RegisterChildren");
        Assert.Contains(methods, m => m.FullName == "grpc.health.v1.Health/Check");
        return methods;
    }

    private static List<FileDescriptorProto> DependencyOrder(Dictionary<string, FileDescriptorProto> files)
    {
        var done = new HashSet<string>();
        var ordered = new List<FileDescriptorProto>();
        void Visit(FileDescriptorProto file)
        {
            if (!done.Add(file.Name))
            {
                return;
            }

            foreach (var dependency in file.Dependency)
            {
                Visit(files.TryGetValue(dependency, out var known) ? known : throw new InvalidOperationException($"reflection did not return {dependency}"));
            }

            ordered.Add(file);
        }

        foreach (var file in files.Values)
        {
            Visit(file);
        }

        return ordered;
    }

    /// <summary>Calls <paramref name="rpc"/> with raw <paramref name="messages"/> and returns how
    /// the call ended. A stream that stays open without answering (health's Watch) is cancelled by
    /// the client, which is an answer, not a failure.</summary>
    private static async Task<(StatusCode Status, string Detail)> CallAsync(GrpcChannel channel, RpcMethod rpc, byte[][] messages)
    {
        var type = (rpc.ClientStreaming, rpc.ServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            _ => MethodType.DuplexStreaming,
        };
        var method = new Method<byte[], byte[]>(type, rpc.Service, rpc.Name, RawBytes, RawBytes);
        var invoker = channel.CreateCallInvoker();
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var options = new CallOptions(cancellationToken: quiet.Token);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, messages[0]);
                    break;
                case MethodType.ClientStreaming:
                {
                    using var call = invoker.AsyncClientStreamingCall(method, null, options);
                    await WriteAllAsync(call.RequestStream, messages);
                    await call;
                    break;
                }

                case MethodType.ServerStreaming:
                {
                    using var call = invoker.AsyncServerStreamingCall(method, null, options, messages[0]);
                    await ReadAllAsync(call.ResponseStream, quiet);
                    break;
                }

                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(method, null, options);
                    await WriteAllAsync(call.RequestStream, messages);
                    await ReadAllAsync(call.ResponseStream, quiet);
                    break;
                }
            }

            return (StatusCode.OK, "");
        }
        catch (RpcException error)
        {
            return (error.StatusCode, error.Status.Detail);
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<byte[]> stream, byte[][] messages)
    {
        try
        {
            foreach (var message in messages)
            {
                await stream.WriteAsync(message);
            }

            await stream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server ended the call before reading everything: its answer is read next.
        }
        catch (InvalidOperationException)
        {
            // Same, reported by the client as a write to a completed call.
        }
    }

    private static async Task ReadAllAsync(IAsyncStreamReader<byte[]> stream, CancellationTokenSource quiet)
    {
        quiet.CancelAfter(TimeSpan.FromMilliseconds(500));
        while (await stream.MoveNext(CancellationToken.None))
        {
            quiet.CancelAfter(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Bytes of <paramref name="malformedClass"/> for a request of type <paramref name="input"/>,
    /// or null when the class does not apply (no string field to carry invalid UTF-8).</summary>
    private static byte[]? Malformed(MessageDescriptor input, string malformedClass)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        switch (malformedClass)
        {
            case "invalid UTF-8 in a string field":
                if (InvalidUtf8(input, depth: 0) is not { } invalid)
                {
                    return null;
                }

                return invalid;
            case "garbage bytes":
                // Wire type 7 does not exist: no parser can read past the first byte.
                return [0x0F, 0xAB, 0x99, 0x00, 0xFE, 0x13];
            case "2,000 nested groups":
                for (var i = 0; i < 2000; i++)
                {
                    coded.WriteTag(1000, WireFormat.WireType.StartGroup);
                }

                for (var i = 0; i < 2000; i++)
                {
                    coded.WriteTag(1000, WireFormat.WireType.EndGroup);
                }

                break;
            default:
                coded.WriteTag(1000, WireFormat.WireType.LengthDelimited);
                coded.WriteLength(10);
                coded.WriteRawTag(0x61, 0x62, 0x63);
                break;
        }

        coded.Flush();
        return output.ToArray();
    }

    /// <summary>A message whose first string field (found at most two messages deep) holds
    /// bytes that are not UTF-8.</summary>
    private static byte[]? InvalidUtf8(MessageDescriptor message, int depth)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        if (message.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String) is { } text)
        {
            coded.WriteTag(text.FieldNumber, WireFormat.WireType.LengthDelimited);
            coded.WriteBytes(ByteString.CopyFrom(0x4B, 0xC3, 0x28, 0xFF));
        }
        else if (depth < 2 && message.Fields.InFieldNumberOrder()
                     .Where(f => f.FieldType == FieldType.Message)
                     .Select(f => (Field: f, Inner: InvalidUtf8(f.MessageType, depth + 1)))
                     .FirstOrDefault(f => f.Inner is not null) is { Field: not null } nested)
        {
            coded.WriteTag(nested.Field.FieldNumber, WireFormat.WireType.LengthDelimited);
            coded.WriteBytes(ByteString.CopyFrom(nested.Inner!));
        }
        else
        {
            return null;
        }

        coded.Flush();
        return output.ToArray();
    }
}

/// <summary>
/// Randomly populated messages of any type, written straight from its descriptor: each field set
/// or not, with the values validation code finds hardest (extreme integers, edge dates and
/// timestamps, empty and huge strings, unknown enum values) next to plausible ones that get a
/// request past the first checks (a known child id, a fresh UUID, a valid NHS number).
/// </summary>
public sealed class FuzzValues(string childId)
{
    private static readonly long[] Integers =
    [
        0, 1, -1, 2, 12, 13, 31, 32, 100, 1000, 9999, 10000, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue,
        -62_135_596_800, -62_135_596_801, 253_402_300_799, 253_402_300_800,
    ];

    private static readonly (int Year, int Month, int Day)[] Dates =
    [
        (9999, 12, 31), (9999, 12, 30), (1, 1, 1), (0, 0, 0), (0, 1, 1), (2023, 2, 29), (2024, 2, 29), (10000, 1, 1),
        (-1, -1, -1), (int.MaxValue, int.MaxValue, int.MaxValue), (int.MinValue, 1, 1), (2012, 0, 0), (2012, 13, 1), (2012, 6, 0),
    ];

    private static readonly long[] Seconds = [long.MinValue, long.MaxValue, -62_135_596_800, -62_135_596_801, 253_402_300_799, 253_402_300_800, 0, -1];

    private static readonly int[] Nanos = [0, -1, 999_999_999, 1_000_000_000, int.MinValue, int.MaxValue];

    private readonly string[] _strings =
    [
        "", " ", "\0", new string('x', 40_000), "9999-12-31", "0000-00-00", "-1", "Ünïcödé ✓ 😀", "*", "%", "_", "' OR 1=1 --",
        "99999999999999999999999", childId, childId.ToLowerInvariant(), "K7Q2-M9XD-4", "Mensa", "Kofi", "LS6 2AB", "LS1234",
        "2012-01-01T00:00:00Z", "service_delivery", "urn:x", "https://example.org",
    ];

    public byte[] Message(MessageDescriptor descriptor, Random random)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        Write(descriptor, coded, random, depth: 0);
        coded.Flush();
        return output.ToArray();
    }

    /// <summary>One or two fields of <paramref name="descriptor"/>, at the top level, with random
    /// values: appended to a valid message they replace its scalar fields and merge into its messages.</summary>
    public byte[] Overlay(MessageDescriptor descriptor, Random random)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        var fields = descriptor.Fields.InFieldNumberOrder();
        for (var i = random.Next(1, 3); i > 0 && fields.Count > 0; i--)
        {
            WriteField(fields[random.Next(fields.Count)], coded, random, depth: 0);
        }

        coded.Flush();
        return output.ToArray();
    }

    public static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A valid message with a few bytes changed, dropped or cut off.</summary>
    public static byte[] Mutate(byte[] message, Random random)
    {
        var bytes = message.ToList();
        for (var i = random.Next(1, 4); i > 0 && bytes.Count > 0; i--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }

    private void Write(MessageDescriptor descriptor, CodedOutputStream coded, Random random, int depth)
    {
        if (descriptor.FullName == "google.type.Date" && random.Next(3) > 0)
        {
            var (year, month, day) = Dates[random.Next(Dates.Length)];
            WriteVarint(coded, 1, year);
            WriteVarint(coded, 2, month);
            WriteVarint(coded, 3, day);
            return;
        }

        if (descriptor.FullName == "google.protobuf.Timestamp" && random.Next(3) > 0)
        {
            WriteVarint(coded, 1, Seconds[random.Next(Seconds.Length)]);
            WriteVarint(coded, 2, Nanos[random.Next(Nanos.Length)]);
            return;
        }

        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (random.Next(4) == 0)
            {
                continue;
            }

            var count = field.IsRepeated ? random.Next(0, 4) : 1;
            for (var i = 0; i < count; i++)
            {
                WriteField(field, coded, random, depth);
            }
        }
    }

    private void WriteField(FieldDescriptor field, CodedOutputStream coded, Random random, int depth)
    {
        var number = field.FieldNumber;
        switch (field.FieldType)
        {
            case FieldType.String:
                coded.WriteTag(number, WireFormat.WireType.LengthDelimited);
                coded.WriteString(random.Next(3) == 0 ? Guid.NewGuid().ToString() : random.Next(4) == 0 ? TestRequests.NewNhsNumber() : _strings[random.Next(_strings.Length)]);
                break;
            case FieldType.Bytes:
                coded.WriteTag(number, WireFormat.WireType.LengthDelimited);
                coded.WriteBytes(ByteString.CopyFrom(Bytes(random, random.Next(0, 48))));
                break;
            case FieldType.Message when depth < 5:
                var inner = new MemoryStream();
                var innerCoded = new CodedOutputStream(inner);
                Write(field.MessageType, innerCoded, random, depth + 1);
                innerCoded.Flush();
                coded.WriteTag(number, WireFormat.WireType.LengthDelimited);
                coded.WriteBytes(ByteString.CopyFrom(inner.ToArray()));
                break;
            case FieldType.Message or FieldType.Group:
                break;
            case FieldType.Enum:
                var values = field.EnumType.Values;
                WriteVarint(coded, number, random.Next(4) == 0 ? Integers[random.Next(Integers.Length)] : values[random.Next(values.Count)].Number);
                break;
            case FieldType.Bool:
                WriteVarint(coded, number, random.Next(2));
                break;
            case FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64:
                coded.WriteTag(number, WireFormat.WireType.Fixed64);
                coded.WriteFixed64((ulong)Integers[random.Next(Integers.Length)]);
                break;
            case FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32:
                coded.WriteTag(number, WireFormat.WireType.Fixed32);
                coded.WriteFixed32((uint)Integers[random.Next(Integers.Length)]);
                break;
            case FieldType.SInt32 or FieldType.SInt64:
                coded.WriteTag(number, WireFormat.WireType.Varint);
                coded.WriteSInt64(Integers[random.Next(Integers.Length)]);
                break;
            default:
                WriteVarint(coded, number, random.Next(5) == 0 ? random.NextInt64(-1000, 100_000) : Integers[random.Next(Integers.Length)]);
                break;
        }
    }

    private static void WriteVarint(CodedOutputStream coded, int number, long value)
    {
        coded.WriteTag(number, WireFormat.WireType.Varint);
        coded.WriteInt64(value);
    }
}

public sealed class SqliteMalformedRequestTests(SqliteLoggedDirectoryServer server, ITestOutputHelper output)
    : MalformedRequestTests(server, output), IClassFixture<SqliteLoggedDirectoryServer>;

public sealed class PostgresMalformedRequestTests(PostgresLoggedDirectoryServer server, ITestOutputHelper output)
    : MalformedRequestTests(server, output), IClassFixture<PostgresLoggedDirectoryServer>;
