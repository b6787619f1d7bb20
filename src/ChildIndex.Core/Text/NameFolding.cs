using System.Globalization;
using System.Text;

namespace ChildIndex.Core.Text;

/// <summary>
/// Folds names to the keys searches compare: upper case, accents removed, punctuation and spaces
/// dropped, so that "Zoë O'Neil", "ZOE ONEIL" and "zoe o neil" meet.
/// </summary>
public static class NameFolding
{
    /// <summary>The key of a whole name: all of its letters, folded, run together.</summary>
    public static string Key(string name)
    {
        var builder = new StringBuilder(name.Length);
        AppendFolded(name, builder);
        return builder.ToString();
    }

    /// <summary>The keys of each word of a name ("Anna-Marie Louise" gives ANNA, MARIE, LOUISE
    /// and ANNAMARIE), for matching on one given name.</summary>
    public static IReadOnlyList<string> WordKeys(string name)
    {
        var keys = new List<string>();
        foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var whole = Key(word);
            if (whole.Length > 0 && !keys.Contains(whole))
            {
                keys.Add(whole);
            }

            foreach (var part in word.Split('-', StringSplitOptions.RemoveEmptyEntries))
            {
                var key = Key(part);
                if (key.Length > 0 && !keys.Contains(key))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    private static void AppendFolded(string name, StringBuilder builder)
    {
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (!char.IsLetter(c))
            {
                continue;
            }

            // Letters that do not decompose into a base letter and an accent.
            switch (char.ToUpperInvariant(c))
            {
                case 'ß': builder.Append("SS"); break;
                case 'Æ': builder.Append("AE"); break;
                case 'Œ': builder.Append("OE"); break;
                case 'Ø': builder.Append('O'); break;
                case 'Ł': builder.Append('L'); break;
                case 'Đ': builder.Append('D'); break;
                case 'Þ': builder.Append("TH"); break;
                case 'ẞ': builder.Append("SS"); break;
                case var upper: builder.Append(upper); break;
            }
        }
    }
}
