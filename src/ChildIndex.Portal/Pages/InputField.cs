namespace ChildIndex.Portal.Pages;

/// <summary>A GOV.UK text input (label, hint, error message, input), for the _Input partial.</summary>
public sealed record InputField(string Id, string Name, string Label, string? Value, string? Error, string? Hint = null,
    string Classes = "govuk-input", string? InputMode = null, string Autocomplete = "off", string Type = "text");
