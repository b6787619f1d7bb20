using System.Globalization;
using System.Text;
using ChildIndex.Core.Duplicates;
using ChildIndex.Core.Identifiers;
using ChildIndex.Core.Records;

namespace ChildIndex.Core.Registration;

/// <summary>One registration's duplicate check: the child it answered with, the verdict, and the
/// task it raised (whose id is known once the batch is saved).</summary>
internal sealed record DuplicateNote(string ChildIndexId, DuplicateVerdict Verdict, PossibleDuplicate? Task);

/// <summary>
/// The duplicate checks of a call as its audit record's detail: index ids and numbers only, never
/// a name, so that the trail says what was decided and on what score without holding personal data.
/// </summary>
internal static class DuplicateNotes
{
    public static string Describe(IReadOnlyList<DuplicateNote> notes, DuplicateOptions options)
    {
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"duplicate check (lower {options.Lower}, upper {options.Upper}):"));
        foreach (var note in notes)
        {
            var verdict = note.Verdict;
            var child = ChildId.Format(note.ChildIndexId);
            var candidate = ChildId.Format(verdict.Candidate.Child.IndexId);
            var score = string.Create(CultureInfo.InvariantCulture, $"p={verdict.Scored.Score:0.######} w={verdict.Scored.Weight:0.0}");
            text.Append(' ').Append(verdict.Decision switch
            {
                DuplicateDecision.SameChild => $"{child} matched existing on its details, {score};",
                DuplicateDecision.PossibleDuplicate => string.Create(CultureInfo.InvariantCulture,
                    $"{child} created, possible duplicate of {candidate}, {score}, task {note.Task?.Id};"),
                _ => $"{child} created, best candidate {candidate} below the lower threshold, {score};",
            });
        }

        return text.ToString().TrimEnd(';');
    }
}
