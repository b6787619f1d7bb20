using System.Diagnostics;
using ChildIndex.Contracts.V1;
using ChildIndex.SyntheticData;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace ChildIndex.LoadDriver;

/// <summary>
/// The calls the workloads make, each drawn at random from the loaded children: GetChild by index
/// id; SearchChildren by family name and date of birth (sometimes with the first given name, some
/// with a typo in the family name); RegisterChild for new children; the health check. Every
/// look-up states a purpose, as the service requires.
/// </summary>
public sealed class Workloads(GrpcChannel channel, IReadOnlyList<SampleChild> sample, TokenSource practitioner, TokenSource agency, NewChildren newChildren, TimeSpan deadline)
{
    /// <summary>Share of searches whose family name has one typing mistake.</summary>
    public const double TypoShare = 0.1;

    private static readonly AccessPurpose Purpose = new() { Code = AccessPurposeCode.ServiceDelivery };

    private readonly Health.HealthClient _health = new(channel);
    private readonly ChildDirectory.ChildDirectoryClient _directory = new(channel);
    private readonly Registration.RegistrationClient _registration = new(channel);

    public Registration.RegistrationClient Registration => _registration;

    public TokenSource Agency => agency;

    public NewChildren NewChildren => newChildren;

    /// <summary>One call of <paramref name="workload"/> (for "mix": a weighted draw), recorded.</summary>
    public Task CallAsync(string workload, Random random, Recorder recorder, long intendedStart) => workload switch
    {
        "health" => HealthAsync(recorder, intendedStart),
        "get" => GetAsync(random, recorder, intendedStart),
        "search" => SearchAsync(random, recorder, intendedStart),
        "mix" => MixAsync(random, recorder, intendedStart),
        _ => throw new ArgumentException($"unknown unary workload '{workload}'", nameof(workload)),
    };

    // The national pattern: look-ups dominate; a few percent are agencies registering children.
    private Task MixAsync(Random random, Recorder recorder, long intendedStart) => random.Next(100) switch
    {
        < 60 => SearchAsync(random, recorder, intendedStart),
        < 95 => GetAsync(random, recorder, intendedStart),
        _ => RegisterOneAsync(recorder, intendedStart),
    };

    private async Task HealthAsync(Recorder recorder, long start)
    {
        var status = await TimedAsync(async options =>
        {
            var answer = await _health.CheckAsync(new HealthCheckRequest(), options);
            return answer.Status == HealthCheckResponse.Types.ServingStatus.Serving ? StatusCode.OK : StatusCode.Unavailable;
        });
        recorder.Record("health", start, Stopwatch.GetTimestamp(), status);
    }

    private async Task GetAsync(Random random, Recorder recorder, long start)
    {
        var child = sample[random.Next(sample.Count)];
        var status = await TimedAsync(async options =>
        {
            await _directory.GetChildAsync(new GetChildRequest { ChildId = child.ChildId, Purpose = Purpose }, Authorised(options, practitioner));
            return StatusCode.OK;
        });
        recorder.Record("get", start, Stopwatch.GetTimestamp(), status);
    }

    private async Task SearchAsync(Random random, Recorder recorder, long start)
    {
        var child = sample[random.Next(sample.Count)];
        var typo = random.NextDouble() < TypoShare;
        var name = new NameSearch
        {
            FamilyName = typo ? Typo(child.FamilyName, random) : child.FamilyName,
            DateOfBirth = new Google.Type.Date { Year = child.DateOfBirth.Year, Month = child.DateOfBirth.Month, Day = child.DateOfBirth.Day },
        };
        if (random.Next(10) < 3)
        {
            name.GivenName = child.GivenNames.Split(' ')[0];
        }

        var found = false;
        var status = await TimedAsync(async options =>
        {
            var answer = await _directory.SearchChildrenAsync(new SearchChildrenRequest { Name = name, Purpose = Purpose }, Authorised(options, practitioner));
            found = answer.Children.Any(c => c.ChildId.Replace("-", string.Empty, StringComparison.Ordinal) == child.ChildId);
            return StatusCode.OK;
        });
        recorder.Record(typo ? "search (typo)" : "search", start, Stopwatch.GetTimestamp(), status, found);
    }

    private async Task RegisterOneAsync(Recorder recorder, long start)
    {
        var request = newChildren.Next();
        var status = await TimedAsync(async options =>
        {
            await _registration.RegisterChildAsync(request, Authorised(options, agency));
            return StatusCode.OK;
        });
        recorder.Record("register (unary)", start, Stopwatch.GetTimestamp(), status);
    }

    public static CallOptions Authorised(CallOptions options, TokenSource token) =>
        options.WithHeaders(new Metadata { { "authorization", token.Header } });

    private async Task<StatusCode> TimedAsync(Func<CallOptions, Task<StatusCode>> call)
    {
        try
        {
            return await call(new CallOptions(deadline: DateTime.UtcNow + deadline));
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }

    /// <summary>One typing mistake, as people make them: a letter dropped, doubled, swapped with
    /// its neighbour, or replaced by the next key.</summary>
    private static string Typo(string name, Random random)
    {
        var letters = name.ToCharArray().ToList();
        var at = random.Next(1, Math.Max(2, letters.Count - 1));
        if (at >= letters.Count)
        {
            return name + "e";
        }

        switch (random.Next(4))
        {
            case 0 when letters.Count > 3:
                letters.RemoveAt(at);
                break;
            case 1:
                letters.Insert(at, letters[at]);
                break;
            case 2 when at + 1 < letters.Count:
                (letters[at], letters[at + 1]) = (letters[at + 1], letters[at]);
                break;
            default:
                letters[at] = char.IsLetter(letters[at]) && char.ToLowerInvariant(letters[at]) != 'z' ? (char)(letters[at] + 1) : 'e';
                break;
        }

        return new string([.. letters]);
    }
}

/// <summary>
/// New children for registration: the generator's children after the loaded ones (their NHS
/// numbers and request ids are new by construction), handed out once each across every workload.
/// Agency-local identifiers are dropped: the demo agency may give only its own (LS1234's).
/// </summary>
public sealed class NewChildren(int seed, DateOnly today, int from)
{
    private const int Block = 1000;
    private readonly Lock _lock = new();
    private readonly SyntheticChildren _generator = new(seed, today);
    private readonly Queue<RegisterChildRequest> _ready = new();
    private int _nextBlock = from;

    public int Issued { get; private set; }

    public RegisterChildRequest Next()
    {
        lock (_lock)
        {
            if (_ready.Count == 0)
            {
                foreach (var child in _generator.Generate(_nextBlock, Block))
                {
                    AgencyIdentifier.Replace(child.Registration);
                    _ready.Enqueue(child.Registration);
                }

                _nextBlock += Block;
            }

            Issued++;
            return _ready.Dequeue();
        }
    }
}
