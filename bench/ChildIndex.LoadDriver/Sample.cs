using System.Globalization;

namespace ChildIndex.LoadDriver;

/// <summary>A loaded child as the loader wrote it to the sample file.</summary>
public sealed record SampleChild(string ChildId, string GivenNames, string FamilyName, DateOnly DateOfBirth, string? Postcode, bool Shielded)
{
    public static IReadOnlyList<SampleChild> Read(string path)
    {
        var children = new List<SampleChild>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split('\t');
            children.Add(new SampleChild(f[1], f[2], f[3], DateOnly.ParseExact(f[4], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[5].Length == 0 ? null : f[5], f[6] == "1"));
        }

        return children.Count > 0 ? children : throw new InvalidOperationException($"{path} holds no children");
    }
}
