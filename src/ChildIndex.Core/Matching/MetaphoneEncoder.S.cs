namespace ChildIndex.Core.Matching;

/// <summary>The rules of S, the letter with the most readings.</summary>
internal sealed partial class MetaphoneEncoder
{
    private void LetterS()
    {
        if (At(_at - 1, "ISL", "YSL"))
        {
            // Silent: Isle, Carlisle.
            Skip(1);
        }
        else if (_at == 0 && At(_at, "SUGAR"))
        {
            Add("X", "S");
            Skip(1);
        }
        else if (At(_at, "SH"))
        {
            // Germanic -SHEIM, -SHOLM ... keep the S.
            Add(At(_at + 1, "HEIM", "HOEK", "HOLM", "HOLZ") ? "S" : "X");
            Skip(2);
        }
        else if (At(_at, "SIO", "SIA") || At(_at, "SIAN"))
        {
            // Italian and Armenian: Siobhan's SIO may be SH.
            if (_slavoGermanic)
            {
                Add("S");
            }
            else
            {
                Add("S", "X");
            }

            Skip(3);
        }
        else if ((_at == 0 && At(_at + 1, "M", "N", "L", "W")) || At(_at + 1, "Z"))
        {
            // Smith may be Schmidt, Snider Schneider; Slavic SZ.
            Add("S", "X");
            Skip(At(_at + 1, "Z") ? 2 : 1);
        }
        else if (At(_at, "SC"))
        {
            LetterSc();
        }
        else
        {
            // French final -AIS, -OIS (Artois) may be silent.
            if (_at == _last && At(_at - 2, "AI", "OI"))
            {
                Add(string.Empty, "S");
            }
            else
            {
                Add("S");
            }

            Skip(At(_at + 1, "S", "Z") ? 2 : 1);
        }
    }

    private void LetterSc()
    {
        if (Char(_at + 2) == 'H')
        {
            if (At(_at + 3, "OO", "ER", "EN", "UY", "ED", "EM"))
            {
                // Dutch: School, Schenker (X or SK).
                if (At(_at + 3, "ER", "EN"))
                {
                    Add("X", "SK");
                }
                else
                {
                    Add("SK");
                }
            }
            else if (_at == 0 && !IsVowel(3) && Char(3) != 'W')
            {
                // German SCH before a consonant: Schmidt may be Smith.
                Add("X", "S");
            }
            else
            {
                Add("X");
            }
        }
        else if (At(_at + 2, "I", "E", "Y"))
        {
            Add("S");
        }
        else
        {
            Add("SK");
        }

        Skip(3);
    }
}
