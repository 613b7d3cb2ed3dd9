namespace Kogge.Forms.Validation;

/// <summary>
/// The names a form's FEEL sees while it is validated: process variables, posted values and, as fields are
/// validated, their typed values. An entry of a dynamic list adds its own values on top of the form's; the
/// combined dictionary FEEL needs is only built when an expression inside the entry is evaluated.
/// </summary>
internal sealed class FormScope
{
    // A dictionary that holds more names than this is not kept for the next validation.
    private const int MaxKept = 1024;

    [ThreadStatic]
    private static Dictionary<string, object?>? t_spare;

    private readonly FormScope? _outer;
    private readonly Dictionary<string, object?>? _own;
    private Dictionary<string, object?>? _combined;

    private FormScope(Dictionary<string, object?> own)
    {
        _own = own;
    }

    private FormScope(FormScope outer, int capacity)
    {
        _outer = outer;
        _own = new Dictionary<string, object?>(capacity, StringComparer.Ordinal);
    }

    private FormScope(FormScope outer)
    {
        _outer = outer;
    }

    /// <summary>
    /// The scope of one validation. Its dictionary is the one the thread's previous validation released: nothing
    /// keeps the names once validation ends (FEEL reads them only while it evaluates).
    /// </summary>
    public static FormScope ForValidation(int capacity)
    {
        var own = t_spare ?? new Dictionary<string, object?>(capacity, StringComparer.Ordinal);
        t_spare = null;
        own.EnsureCapacity(capacity);
        return new FormScope(own);
    }

    /// <summary>Ends the validation of a scope made by <see cref="ForValidation"/>; it must not be used afterwards.</summary>
    public void Release()
    {
        if (_outer is null && _own is { Count: <= MaxKept })
        {
            _own.Clear();
            t_spare = _own;
        }
    }

    /// <summary>A scope for one list entry; the outer scope must not change while it is in use.</summary>
    public FormScope Nested(int capacity) => new(this, capacity);

    /// <summary>
    /// A scope for list entries whose fields read no names: it keeps nothing, so entries cost no dictionary,
    /// and reads what the outer scope holds.
    /// </summary>
    public FormScope Unread() => new(this);

    public void Set(string key, object? value)
    {
        if (_own is null)
        {
            return;
        }

        _own[key] = value;
        if (_combined is not null)
        {
            _combined[key] = value;
        }
    }

    public object? Get(string key) =>
        _own is not null && _own.TryGetValue(key, out var value) ? value : _outer?.Get(key);

    /// <summary>All names with their values, inner values over outer ones, for evaluating FEEL.</summary>
    public Dictionary<string, object?> View()
    {
        if (_outer is null)
        {
            return _own!;
        }

        if (_own is null)
        {
            return _outer.View();
        }

        if (_combined is null)
        {
            var outer = _outer.View();
            _combined = new Dictionary<string, object?>(outer.Count + _own.Count, StringComparer.Ordinal);
            foreach (var (k, v) in outer)
            {
                _combined[k] = v;
            }

            foreach (var (k, v) in _own)
            {
                _combined[k] = v;
            }
        }

        return _combined;
    }
}
