using System.Text.Json.Nodes;

namespace Kogge.Forms.Validation;

/// <summary>
/// The data a validation keeps, collected per object and made into <see cref="JsonObject"/>s once at the end. A
/// <see cref="JsonObject"/> filled value by value grows its entry table 4 → 8 → 16 → 32 for a form's 27 values;
/// made from the collected entries it is sized once. Collected objects are reused by the next validation on the
/// same thread, so collecting allocates nothing once the thread has validated a form. Keys are compared by
/// reference: they are the parts of the form's keys and paths, of which the prepared form holds one instance per
/// name (see <see cref="CompiledComponent.KeyParts"/>); a form's 27 values are then placed with a few hundred
/// pointer comparisons instead of as many string comparisons (about 2 µs per validation).
/// </summary>
internal sealed class FormOutput
{
    [ThreadStatic]
    private static FormOutput? t_free;

    private KeyValuePair<string, JsonNode?>[] _entries = new KeyValuePair<string, JsonNode?>[8];
    private FormOutput?[] _objects = new FormOutput?[8];
    private int _count;
    private FormOutput? _nextFree;

    private FormOutput()
    {
    }

    /// <summary>An empty object, reused when one is free on this thread.</summary>
    public static FormOutput Rent()
    {
        var output = t_free;
        if (output is null)
        {
            return new FormOutput();
        }

        t_free = output._nextFree;
        output._nextFree = null;
        return output;
    }

    /// <summary>Sets a value as the JsonObject indexer does: a key set before keeps its place and takes the new value.</summary>
    public void Set(string key, JsonNode? value)
    {
        var i = IndexOf(key);
        if (i < 0)
        {
            Add(key, value, null);
            return;
        }

        _objects[i]?.Discard();
        _objects[i] = null;
        _entries[i] = new(key, value);
    }

    /// <summary>The object under a key, created where missing or where the key holds a value.</summary>
    public FormOutput Object(string key)
    {
        var i = IndexOf(key);
        if (i >= 0 && _objects[i] is { } existing)
        {
            return existing;
        }

        var child = Rent();
        if (i < 0)
        {
            Add(key, null, child);
        }
        else
        {
            _entries[i] = new(key, null);
            _objects[i] = child;
        }

        return child;
    }

    /// <summary>The object at the first <paramref name="count"/> parts of a path, created where missing.</summary>
    public FormOutput Object(string[] parts, int count)
    {
        var current = this;
        for (var i = 0; i < count; i++)
        {
            current = current.Object(parts[i]);
        }

        return current;
    }

    /// <summary>Sets the value at a dotted path, creating the objects on the way.</summary>
    public void Set(string[] parts, JsonNode? value) => Object(parts, parts.Length - 1).Set(parts[^1], value);

    /// <summary>Makes the collected entries into a JsonObject and frees this object (and those inside it) for reuse.</summary>
    public JsonObject Build()
    {
        for (var i = 0; i < _count; i++)
        {
            if (_objects[i] is { } child)
            {
                _entries[i] = new(_entries[i].Key, child.Build());
                _objects[i] = null;
            }
        }

        // The constructor sizes the object for the collection's count.
        var result = new JsonObject(new ArraySegment<KeyValuePair<string, JsonNode?>>(_entries, 0, _count));
        Clear();
        Free();
        return result;
    }

    private void Discard()
    {
        for (var i = 0; i < _count; i++)
        {
            _objects[i]?.Discard();
            _objects[i] = null;
        }

        Clear();
        Free();
    }

    private void Clear()
    {
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    private void Free()
    {
        _nextFree = t_free;
        t_free = this;
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_entries[i].Key, key))
            {
                return i;
            }
        }

        return -1;
    }

    private void Add(string key, JsonNode? value, FormOutput? child)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _count * 2);
            Array.Resize(ref _objects, _count * 2);
        }

        _entries[_count] = new(key, value);
        _objects[_count] = child;
        _count++;
    }
}
