using System.Globalization;
using System.Text;
using ChildIndex.Core.Records;

namespace ChildIndex.Bench.Loading;

/// <summary>
/// Writes every k-th loaded child (index id, names, date of birth, postcode, shielded) to a
/// tab-separated file for the load driver: GetChild needs index identifiers, which are random and
/// exist only once loaded, and searches should look for children that are there.
/// </summary>
public sealed class SampleWriter(TextWriter output, int count, int sampleSize)
{
    public const string Header = "index\tchild_id\tgiven_names\tfamily_name\tdate_of_birth\tpostcode\tshielded";

    private readonly int _stride = Math.Max(1, count / Math.Max(1, sampleSize));
    private readonly StringBuilder _line = new();

    public int Written { get; private set; }

    public void WriteHeader() => output.WriteLine(Header);

    public void Offer(int index, Child child)
    {
        ArgumentNullException.ThrowIfNull(child);
        if (index % _stride != 0)
        {
            return;
        }

        // Names never hold tabs or line breaks: the service refuses them.
        _line.Clear()
            .Append(index.ToString(CultureInfo.InvariantCulture)).Append('\t')
            .Append(child.IndexId).Append('\t')
            .Append(child.GivenNames).Append('\t')
            .Append(child.FamilyName).Append('\t')
            .Append(child.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('\t')
            .Append(child.Residence == ResidenceKind.Address ? child.Address?.Postcode : null).Append('\t')
            .Append(child.Shielded ? '1' : '0');
        output.WriteLine(_line);
        Written++;
    }
}
