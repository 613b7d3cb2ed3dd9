using System.Collections.Concurrent;
using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// A table of the engine as the EF Core model maps it: the table name, and per column the property, how its value
/// is read and how it converts to and from what the database stores. The instance loader and the row writer use it
/// to read and write rows without EF Core's query pipeline and change tracker, with the same values.
/// </summary>
internal sealed class TableShape
{
    private static readonly ConcurrentDictionary<(Type Context, Type Row), TableShape> Shapes = new();
    private static readonly MethodInfo ReadValue = typeof(TableShape).GetMethod(nameof(Read), BindingFlags.NonPublic | BindingFlags.Static)!;

    private TableShape(IEntityType entity)
    {
        Table = entity.GetTableName()!;
        var table = StoreObjectIdentifier.Table(Table, entity.GetSchema());
        Columns = [.. entity.GetProperties().Select(p =>
        {
            var converter = p.GetTypeMapping().Converter;
            var stored = converter?.ProviderClrType ?? p.ClrType;
            stored = Nullable.GetUnderlyingType(stored) ?? stored;
            return new Column(
                $"\"{p.GetColumnName(table)}\"",
                p.PropertyInfo!,
                ReadValue.MakeGenericMethod(stored).CreateDelegate<Func<DbDataReader, int, object>>(),
                converter is null ? null : converter.ConvertFromProvider,
                converter is null ? null : converter.ConvertToProvider,
                p.ValueGenerated == ValueGenerated.OnAdd);
        })];
        SelectList = string.Join(", ", Columns.Select(c => c.Name));
    }

    public string Table { get; }

    public Column[] Columns { get; }

    /// <summary>All columns, comma separated, in the order of <see cref="Columns"/>.</summary>
    public string SelectList { get; }

    public static TableShape For(DbContext context, Type row) =>
        Shapes.GetOrAdd((context.GetType(), row), key => new TableShape(context.Model.FindEntityType(key.Row)
            ?? throw new InvalidOperationException($"{key.Row.Name} is not in the model.")));

    /// <summary>Reads the current row of <paramref name="reader"/>, whose columns are <see cref="SelectList"/>.</summary>
    public T ReadRow<T>(DbDataReader reader)
        where T : StoreRecord, new()
    {
        var row = new T();
        for (var i = 0; i < Columns.Length; i++)
        {
            if (!reader.IsDBNull(i))
            {
                var column = Columns[i];
                var value = column.Read(reader, i);
                column.Property.SetValue(row, column.FromProvider is null ? value : column.FromProvider(value));
            }
        }

        return row;
    }

    private static object Read<TValue>(DbDataReader reader, int ordinal) => reader.GetFieldValue<TValue>(ordinal)!;

    /// <summary>A column: quoted name, property, typed read, conversions, and whether the database generates it.</summary>
    internal sealed record Column(
        string Name,
        PropertyInfo Property,
        Func<DbDataReader, int, object> Read,
        Func<object?, object?>? FromProvider,
        Func<object?, object?>? ToProvider,
        bool Generated)
    {
        /// <summary>The value of the column in <paramref name="row"/> as the database stores it.</summary>
        public object Value(StoreRecord row)
        {
            var value = Property.GetValue(row);
            if (value is not null && ToProvider is not null)
            {
                value = ToProvider(value);
            }

            return value ?? DBNull.Value;
        }
    }
}
