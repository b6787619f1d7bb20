using System.Text.Json;

namespace ChildIndex.Core.Matching;

/// <summary>One agreement level's probabilities: <paramref name="M"/> that a search for this
/// child shows it, <paramref name="U"/> that it shows for another child taken at random.</summary>
public sealed record LevelProbabilities(double M, double U);

/// <summary>The match weights as stored (Matching/Data/match-weights.json), written by
/// `ChildIndex.Bench estimate-match-weights` (docs/decisions/0014-probabilistic-matching.md).</summary>
/// <param name="Version">Changes with every new estimate; results do not say it, logs and tests can.</param>
/// <param name="Source">How and from what the m and u probabilities were estimated.</param>
/// <param name="Prior">The chance that a child taken at random is the one searched for.</param>
/// <param name="PartialBits">Added for a match on one part of a double-barrelled family name or on a middle name.</param>
/// <param name="OtherNameBits">Added for a match on a former name or alias rather than the current name.</param>
/// <param name="SwappedBits">Added when the names match only with family and given name swapped.</param>
public sealed record MatchWeightsFile(
    string Version,
    string Source,
    double Prior,
    IReadOnlyDictionary<string, LevelProbabilities> Family,
    IReadOnlyDictionary<string, LevelProbabilities> Given,
    IReadOnlyDictionary<string, LevelProbabilities> Date,
    IReadOnlyDictionary<string, LevelProbabilities> Postcode,
    double PartialBits,
    double OtherNameBits,
    double SwappedBits)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>
/// Fellegi-Sunter weights: for each field's agreement level the Bayes factor log2(m/u), in bits,
/// so that a candidate's match weight is the prior's log-odds plus the bits of every field
/// compared (a field not compared adds nothing). Read once from the embedded, versioned file.
/// </summary>
public sealed class MatchWeights
{
    private readonly double[] _family;
    private readonly double[] _given;
    private readonly double[] _date;
    private readonly double[] _postcode;

    public MatchWeights(MatchWeightsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        Version = file.Version;
        PriorBits = Math.Log2(file.Prior / (1 - file.Prior));
        _family = Bits<NameLevel>(file.Family, "family");
        _given = Bits<GivenLevel>(file.Given, "given");
        _date = Bits<DateLevel>(file.Date, "date");
        _postcode = Bits<PostcodeLevel>(file.Postcode, "postcode");
        PartialBits = file.PartialBits;
        OtherNameBits = file.OtherNameBits;
        SwappedBits = file.SwappedBits;
    }

    /// <summary>The weights shipped with the service.</summary>
    public static MatchWeights Default { get; } = new(Embedded());

    public string Version { get; }

    /// <summary>log2 of the prior odds: where every candidate starts.</summary>
    public double PriorBits { get; }

    public double PartialBits { get; }

    public double OtherNameBits { get; }

    public double SwappedBits { get; }

    public double Family(NameLevel level) => _family[(int)level];

    public double Given(GivenLevel level) => _given[(int)level];

    public double Date(DateLevel level) => _date[(int)level];

    public double Postcode(PostcodeLevel level) => _postcode[(int)level];

    /// <summary>The match probability of a match weight (bits of log-odds).</summary>
    public static double Probability(double weight) => 1 / (1 + Math.Pow(2, -weight));

    public static MatchWeightsFile Embedded()
    {
        using var stream = typeof(MatchWeights).Assembly.GetManifestResourceStream("ChildIndex.Matching.match-weights.json")
            ?? throw new InvalidOperationException("the match weights are not embedded in ChildIndex.Core");
        return JsonSerializer.Deserialize<MatchWeightsFile>(stream, MatchWeightsFile.Json)
            ?? throw new InvalidOperationException("the embedded match weights are empty");
    }

    /// <summary>Every level of the field must be in the file: a level without weights would
    /// silently count as nothing.</summary>
    private static double[] Bits<TLevel>(IReadOnlyDictionary<string, LevelProbabilities> levels, string field)
        where TLevel : struct, Enum
    {
        var names = Enum.GetNames<TLevel>();
        var bits = new double[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var level = levels.GetValueOrDefault(names[i])
                ?? throw new InvalidOperationException($"the match weights have no {field} level {names[i]}");
            bits[i] = Math.Log2(level.M / level.U);
        }

        return bits;
    }
}
