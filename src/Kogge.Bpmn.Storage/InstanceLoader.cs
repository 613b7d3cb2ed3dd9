using System.Collections.Concurrent;
using System.Data.Common;
using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Kogge.Bpmn.Storage;

/// <summary>
/// Reads a process instance and its runtime rows with one command of seven SELECTs (one round trip instead of
/// seven EF Core queries). Columns and value conversions come from the EF Core model, so the rows are the same as
/// the queries would give.
/// </summary>
internal sealed class InstanceLoader
{
    private static readonly ConcurrentDictionary<Type, InstanceLoader> Loaders = new();

    private readonly string _sql;
    private readonly RowReader<ProcessInstanceRecord> _instances;
    private readonly RowReader<ElementInstanceRecord> _elements;
    private readonly RowReader<VariableRecord> _variables;
    private readonly RowReader<UserTaskRecord> _tasks;
    private readonly RowReader<JobRecord> _jobs;
    private readonly RowReader<EventSubscriptionRecord> _subscriptions;
    private readonly RowReader<IncidentRecord> _incidents;

    private InstanceLoader(DbContext context)
    {
        _instances = new RowReader<ProcessInstanceRecord>(context);
        _elements = new RowReader<ElementInstanceRecord>(context);
        _variables = new RowReader<VariableRecord>(context);
        _tasks = new RowReader<UserTaskRecord>(context);
        _jobs = new RowReader<JobRecord>(context);
        _subscriptions = new RowReader<EventSubscriptionRecord>(context);
        _incidents = new RowReader<IncidentRecord>(context);
        _sql = string.Join(";\n",
            _instances.Select("\"Id\""),
            _elements.Select("\"ProcessInstanceId\""),
            _variables.Select("\"ProcessInstanceId\""),
            _tasks.Select("\"ProcessInstanceId\""),
            _jobs.Select("\"ProcessInstanceId\""),
            _subscriptions.Select("\"ProcessInstanceId\""),
            _incidents.Select("\"ProcessInstanceId\""));
    }

    public static async Task<InstanceRows?> LoadAsync(BpmnStoreDbContext context, IDbContextTransaction? transaction, string instanceId, CancellationToken cancellationToken)
    {
        var loader = Loaders.GetOrAdd(context.GetType(), _ => new InstanceLoader(context));
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = loader._sql;
            command.Transaction = transaction?.GetDbTransaction();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = instanceId;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var instance = await loader._instances.ReadAsync(reader, cancellationToken);
            if (instance.Count == 0)
            {
                return null;
            }

            return new InstanceRows(
                instance[0],
                await loader._elements.NextAsync(reader, cancellationToken),
                await loader._variables.NextAsync(reader, cancellationToken),
                await loader._tasks.NextAsync(reader, cancellationToken),
                await loader._jobs.NextAsync(reader, cancellationToken),
                await loader._subscriptions.NextAsync(reader, cancellationToken),
                await loader._incidents.NextAsync(reader, cancellationToken));
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The rows of one table that belong to the instance.</summary>
    private sealed class RowReader<T>(DbContext context)
        where T : StoreRecord, new()
    {
        private readonly TableShape _shape = TableShape.For(context, typeof(T));

        public string Select(string keyColumn) => $"SELECT {_shape.SelectList} FROM \"{_shape.Table}\" WHERE {keyColumn} = @id ORDER BY \"Id\"";

        public async Task<List<T>> NextAsync(DbDataReader reader, CancellationToken cancellationToken)
        {
            await reader.NextResultAsync(cancellationToken);
            return await ReadAsync(reader, cancellationToken);
        }

        public async Task<List<T>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(_shape.ReadRow<T>(reader));
            }

            return rows;
        }
    }
}
