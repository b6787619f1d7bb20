using System.Text;

namespace ChildIndex.Core.Matching;

/// <summary>One run of Double Metaphone over an upper-case A-Z word. The letter rules are in the
/// other parts of this class; this part holds the cursor and the two codes being written.</summary>
internal sealed partial class MetaphoneEncoder
{
    private readonly string _word;
    private readonly int _last;
    private readonly bool _slavoGermanic;
    private readonly int _codeLength;
    private readonly StringBuilder _primary = new(8);
    private readonly StringBuilder _alternate = new(8);
    private int _at;

    public MetaphoneEncoder(string word, int codeLength)
    {
        _word = word;
        _codeLength = codeLength;
        _last = word.Length - 1;
        // Slavic and Germanic names keep letters hard that English softens.
        _slavoGermanic = word.Contains('W', StringComparison.Ordinal) || word.Contains('K', StringComparison.Ordinal) ||
            word.Contains("CZ", StringComparison.Ordinal);
    }

    public PhoneticCode Encode()
    {
        // Silent first letters: GNome, KNight, PNeumatic, WRight, PSychology.
        if (At(0, "GN", "KN", "PN", "WR", "PS"))
        {
            _at = 1;
        }

        // An initial X sounds as S (Xavier).
        if (Char(0) == 'X')
        {
            Add("S");
            _at = 1;
        }

        while (_at < _word.Length && (_primary.Length < _codeLength || _alternate.Length < _codeLength))
        {
            Step(Char(_at));
        }

        var primary = Truncate(_primary);
        var alternate = Truncate(_alternate);
        return new PhoneticCode(primary, alternate == primary ? null : alternate);
    }

    private string Truncate(StringBuilder code) =>
        code.Length > _codeLength ? code.ToString(0, _codeLength) : code.ToString();

    private void Step(char letter)
    {
        switch (letter)
        {
            case 'A' or 'E' or 'I' or 'O' or 'U' or 'Y':
                // Vowels are heard only at the start, all as A.
                if (_at == 0)
                {
                    Add("A");
                }

                _at++;
                break;
            case 'B':
                Add("P");
                Skip(Char(_at + 1) == 'B' ? 2 : 1);
                break;
            case 'C': LetterC(); break;
            case 'D': LetterD(); break;
            case 'F':
                Add("F");
                Skip(Char(_at + 1) == 'F' ? 2 : 1);
                break;
            case 'G': LetterG(); break;
            case 'H': LetterH(); break;
            case 'J': LetterJ(); break;
            case 'K':
                Add("K");
                Skip(Char(_at + 1) == 'K' ? 2 : 1);
                break;
            case 'L': LetterL(); break;
            case 'M': LetterM(); break;
            case 'N':
                Add("N");
                Skip(Char(_at + 1) == 'N' ? 2 : 1);
                break;
            case 'P': LetterP(); break;
            case 'Q':
                Add("K");
                Skip(Char(_at + 1) == 'Q' ? 2 : 1);
                break;
            case 'R': LetterR(); break;
            case 'S': LetterS(); break;
            case 'T': LetterT(); break;
            case 'V':
                Add("F");
                Skip(Char(_at + 1) == 'V' ? 2 : 1);
                break;
            case 'W': LetterW(); break;
            case 'X': LetterX(); break;
            case 'Z': LetterZ(); break;
            default:
                _at++;
                break;
        }
    }

    /// <summary>The letter at <paramref name="index"/>; a space past the end (so that rules can
    /// ask for "the word ends here"), and nothing before the start.</summary>
    private char Char(int index) => index < 0 ? '\0' : index < _word.Length ? _word[index] : ' ';

    private bool IsVowel(int index) => Char(index) is 'A' or 'E' or 'I' or 'O' or 'U' or 'Y';

    /// <summary>Whether one of <paramref name="options"/> is written at <paramref name="start"/>
    /// (all options have the same length; a trailing space means the end of the word).</summary>
    private bool At(int start, params ReadOnlySpan<string> options)
    {
        if (start < 0)
        {
            return false;
        }

        foreach (var option in options)
        {
            var matches = true;
            for (var i = 0; i < option.Length && matches; i++)
            {
                matches = Char(start + i) == option[i];
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }

    private void Skip(int letters) => _at += letters;

    /// <summary>The same sound in both codes.</summary>
    private void Add(string sound)
    {
        _primary.Append(sound);
        _alternate.Append(sound);
    }

    /// <summary>Different sounds: an empty string writes nothing to that code.</summary>
    private void Add(string primary, string alternate)
    {
        _primary.Append(primary);
        _alternate.Append(alternate);
    }
}
