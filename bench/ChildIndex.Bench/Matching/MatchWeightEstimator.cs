using System.Globalization;
using System.Text;
using ChildIndex.Core.Matching;
using ChildIndex.Core.Records;
using ChildIndex.Core.Text;
using ChildIndex.SyntheticData;

namespace ChildIndex.Bench.Matching;

/// <summary>
/// Estimates the m and u probabilities of every agreement level (ADR 14), with the comparisons
/// the scorer makes. u, the chance a level shows for two different children: counted over random
/// pairs of a synthetic population. m, the chance it shows when the search is for this child:
/// counted over searches made from each child with errors at the rates below. The rates are our
/// assumptions about practitioners' searches (not the labelled set's, whose errors come from its
/// own lists): change them, re-run, and re-measure docs/matching.md.
/// </summary>
public sealed class MatchWeightEstimator(int seed, int count, int pairs, DateOnly today)
{
    /// <summary>Set by hand, not estimated: small enough never to outweigh a field's evidence,
    /// large enough to order a whole name before a part, the current name before a former one,
    /// and names as typed before names swapped.</summary>
    public const double PartialBits = -0.5;
    public const double OtherNameBits = -0.3;
    public const double SwappedBits = -1.0;

    private const int SearchesPerChild = 4;
    private const int YearOnlyPercent = 6;
    private const int DistrictOnlyPercent = 10;

    /// <summary>No level's u is taken below this. Random pairs are not households: a sibling
    /// shares the family name and the postcode, which Fellegi-Sunter's independence of fields
    /// ignores, so a full postcode must not weigh as if only chance could share it.</summary>
    public const double MinimumU = 1e-4;

    public MatchWeightsFile Estimate()
    {
        var children = new SyntheticChildren(seed, today).Generate(count).Select(c => ToChild(c.Registration.Details)).ToList();
        var random = new Random(seed);
        // Searches for one child compared with another: the searches carry the same errors as
        // for m, so that a level only searches make (an initial, a year alone) has its u too.
        var u = new Counts();
        var queries = children.Select(c => WithErrors(c, random)).ToList();
        for (var i = 0; i < pairs; i++)
        {
            var a = random.Next(children.Count);
            var b = random.Next(children.Count - 1);
            u.Add(queries[a], children[b >= a ? b + 1 : b]);
        }

        var m = new Counts();
        foreach (var child in children)
        {
            for (var i = 0; i < SearchesPerChild; i++)
            {
                m.Add(WithErrors(child, random), child);
            }
        }

        return new MatchWeightsFile(
            Version: string.Create(CultureInfo.InvariantCulture, $"{today:yyyy-MM-dd}.seed{seed}.n{count}"),
            Source: string.Create(CultureInfo.InvariantCulture,
                $"ChildIndex.Bench estimate-match-weights: u from {pairs:N0} random pairs of {count:N0} synthetic children (seed {seed}); m from {count * SearchesPerChild:N0} searches with generated errors (MatchWeightEstimator); prior 1/{count:N0}"),
            Prior: 1.0 / count,
            Family: Probabilities<NameLevel>(m.Family, u.Family),
            Given: Probabilities<GivenLevel>(m.Given, u.Given),
            Date: Probabilities<DateLevel>(m.Date, u.Date),
            Postcode: Probabilities<PostcodeLevel>(m.Postcode, u.Postcode),
            PartialBits, OtherNameBits, SwappedBits);
    }

    /// <summary>A search for <paramref name="child"/> as a practitioner might type it: each field
    /// as recorded most of the time, else with an error of a kind and rate we assume.</summary>
    private static NameQuery WithErrors(Child child, Random random)
    {
        var family = random.Next(100) switch
        {
            < 92 => child.FamilyName,
            < 98 => Slip(child.FamilyName, random),
            _ => OtherFamilies[random.Next(OtherFamilies.Length)],
        };
        var first = First(child.GivenNames);
        var forms = GivenNameForms.FormsOf(NameFolding.Key(first));
        var given = random.Next(100) switch
        {
            < 80 => first,
            < 88 when forms.Count > 0 => forms[random.Next(forms.Count)],
            < 93 => Slip(first, random),
            < 95 => first[..1],
            < 100 => OtherGivens[random.Next(OtherGivens.Length)],
            _ => first,
        };
        var born = child.DateOfBirth;
        if (random.Next(100) < YearOnlyPercent)
        {
            return new NameQuery(family, given, null, born.Year, null, null);
        }

        var date = random.Next(100) switch
        {
            < 88 => born,
            < 90 when born.Day <= 12 && born.Day != born.Month => new DateOnly(born.Year, born.Day, born.Month),
            < 93 => born.AddYears(random.Next(2) == 0 ? -1 : 1),
            < 96 => born.AddDays(random.Next(1, 8) * (random.Next(2) == 0 ? -1 : 1)),
            < 97 => born.AddDays(random.Next(8, 32) * (random.Next(2) == 0 ? -1 : 1)),
            _ => born.AddDays(random.Next(-3000, 3000)),
        };
        var postcode = Postcode(child) is not { } held ? null : random.Next(100) switch
        {
            < 75 => held,
            < 85 => string.Concat(ChildIndex.Core.Identifiers.Postcode.OutwardCode(held), " 9ZZ"),
            _ => "ZE2 9XX",
        };
        return random.Next(100) < DistrictOnlyPercent && postcode is not null
            ? new NameQuery(family, given, date, null, null, ChildIndex.Core.Identifiers.Postcode.OutwardCode(postcode))
            : Search(family, given, date, postcode);
    }

    private static NameQuery Search(string family, string given, DateOnly born, string? postcode) =>
        new(family, given, born, null, postcode, null);

    /// <summary>One slip of the keyboard: a letter dropped, doubled, replaced or two swapped.</summary>
    private static string Slip(string name, Random random)
    {
        if (name.Length < 3)
        {
            return name;
        }

        var text = new StringBuilder(name);
        var at = random.Next(name.Length - 1);
        switch (random.Next(4))
        {
            case 0: text.Remove(at, 1); break;
            case 1: text.Insert(at, text[at]); break;
            case 2: text[at] = (char)('a' + random.Next(26)); break;
            default: (text[at], text[at + 1]) = (text[at + 1], text[at]); break;
        }

        return text.ToString();
    }

    private static readonly string[] OtherFamilies = ["Harrington", "Oyelowo", "Wiśniewska", "Quigley", "Mahmoud"];
    private static readonly string[] OtherGivens = ["Bartholomew", "Precious", "Kayden", "Sunita", "Wiktor", "Tallulah"];

    private static string First(string givenNames) => givenNames.Split(' ')[0];

    private static string? Postcode(Child child) => child.Residence == ResidenceKind.Address ? child.Address?.Postcode : null;

    private static Child ToChild(ChildIndex.Contracts.V1.ChildDetails details) => new()
    {
        IndexId = string.Empty,
        GivenNames = details.Name.GivenNames,
        FamilyName = details.Name.FamilyName,
        DateOfBirth = new DateOnly(details.DateOfBirth.Year, details.DateOfBirth.Month, details.DateOfBirth.Day),
        Residence = string.IsNullOrEmpty(details.Address?.Postcode) ? ResidenceKind.NoFixedAbode : ResidenceKind.Address,
        Address = string.IsNullOrEmpty(details.Address?.Postcode) ? null
            : new Address { Line1 = string.Empty, Town = string.Empty, Postcode = details.Address.Postcode },
    };

    /// <summary>m and u of each level, smoothed by half a count so that no level is 0 (a level
    /// never seen would otherwise weigh infinitely), u floored at <see cref="MinimumU"/>. Levels
    /// are listed strongest first, and a weaker level must never weigh more than a stronger one
    /// (an exact common name would otherwise rank below a misspelt rare one, for want of term
    /// frequencies): where it would, its u is raised to weigh the same. A year searched for alone
    /// is compared on its own, outside the order of the date levels.</summary>
    private static Dictionary<string, LevelProbabilities> Probabilities<TLevel>(long[] m, long[] u)
        where TLevel : struct, Enum
    {
        var names = Enum.GetNames<TLevel>();
        double mTotal = m.Sum() + (0.5 * names.Length), uTotal = u.Sum() + (0.5 * names.Length);
        var levels = new Dictionary<string, LevelProbabilities>(StringComparer.Ordinal);
        var strongest = double.PositiveInfinity;
        for (var i = 0; i < names.Length; i++)
        {
            var (pm, pu) = ((m[i] + 0.5) / mTotal, Math.Max(MinimumU, (u[i] + 0.5) / uTotal));
            if (names[i] != nameof(DateLevel.Year))
            {
                if (Math.Log2(pm / pu) > strongest)
                {
                    pu = pm / Math.Pow(2, strongest);
                }

                strongest = Math.Log2(pm / pu);
            }

            levels[names[i]] = new LevelProbabilities(pm, pu);
        }

        return levels;
    }

    /// <summary>How often each level showed, per field, comparing searches with children the way
    /// <see cref="CandidateScorer"/> does (the current name only).</summary>
    private sealed class Counts
    {
        public long[] Family { get; } = new long[Enum.GetValues<NameLevel>().Length];

        public long[] Given { get; } = new long[Enum.GetValues<GivenLevel>().Length];

        public long[] Date { get; } = new long[Enum.GetValues<DateLevel>().Length];

        public long[] Postcode { get; } = new long[Enum.GetValues<PostcodeLevel>().Length];

        public void Add(NameQuery query, Child child)
        {
            var name = SearchKeys.Names(child)[0];
            Family[(int)FamilyNameMatch.Compare(query, name).Level]++;
            Given[(int)GivenNameMatch.Compare(query, child.GivenNames).Level]++;
            Date[(int)BirthDateMatch.Compare(query, child.DateOfBirth, new MatchingOptions().DateToleranceDays)!.Value.Level]++;
            if (PostcodeMatch.Compare(query, MatchWeightEstimator.Postcode(child)) is { } postcode)
            {
                Postcode[(int)postcode.Level]++;
            }
        }
    }
}
