using ChildIndex.Portal.Services;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChildIndex.Portal.Pages;

/// <summary>One problem on a form: the field it is about (its element id, for the error summary's
/// link) and what to do about it.</summary>
public sealed record FormError(string FieldId, string Message);

/// <summary>A page with a form: GOV.UK's error summary and per-field messages.</summary>
public abstract class PortalPageModel : PageModel
{
    public List<FormError> Errors { get; } = [];

    public void AddError(string fieldId, string message) => Errors.Add(new FormError(fieldId, message));

    public string? ErrorFor(string fieldId) => Errors.FirstOrDefault(e => e.FieldId == fieldId)?.Message;

    public string FormGroupClass(string fieldId) => ErrorFor(fieldId) is null ? "govuk-form-group" : "govuk-form-group govuk-form-group--error";

    public string InputClass(string fieldId, string classes = "govuk-input") => ErrorFor(fieldId) is null ? classes : $"{classes} govuk-input--error";

    /// <summary>The directory's field violations, each linked to the form field it names
    /// (<paramref name="fieldIds"/> maps the API's field path to the element id); a violation of a
    /// field the form does not have goes to <paramref name="fallbackId"/>.</summary>
    public void AddViolations(RpcException exception, IReadOnlyDictionary<string, (string Id, string Label)> fieldIds, string fallbackId)
    {
        var violations = RpcErrors.FieldViolations(exception);
        if (violations.Count == 0)
        {
            AddError(fallbackId, RpcErrors.Describe(exception));
            return;
        }

        foreach (var (field, description) in violations)
        {
            var match = fieldIds.Where(f => field == f.Key || field.StartsWith(f.Key + ".", StringComparison.Ordinal))
                .OrderByDescending(f => f.Key.Length).Select(f => f.Value).FirstOrDefault();
            AddError(match.Id ?? fallbackId, $"{match.Label ?? field} {description}".Trim());
        }
    }
}
