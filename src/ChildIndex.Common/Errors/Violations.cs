
namespace ChildIndex.Common.Errors;

/// <summary>Collects every rule a request breaks, so the caller hears of all of them at once.</summary>
public sealed class Violations
{
    private readonly List<FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    public IReadOnlyList<FieldViolation> Items => _items;

    public void Add(string field, string description) => _items.Add(new FieldViolation(field, description));

    public void ThrowIfAny()
    {
        if (_items.Count == 0)
        {
            return;
        }

        var fields = string.Join(", ", _items.Select(v => v.Field).Distinct());
        throw new DomainException(
            DomainErrorKind.Invalid,
            _items.Count == 1 ? $"invalid {fields}: {_items[0].Description}" : $"{_items.Count} invalid fields: {fields}",
            [.. _items]);
    }
}
