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
    private readonly ConcurrentDictionary<Type, string> _sqlByRow = new();
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
        _sql = Sql("@id");
    }

    /// <summary>The instance with the id <c>@id</c> and its rows.</summary>
    private string Sql(string instanceId) => string.Join(";\n",
        _instances.Select("\"Id\"", instanceId),
        _elements.Select("\"ProcessInstanceId\"", instanceId),
        _variables.Select("\"ProcessInstanceId\"", instanceId),
        _tasks.Select("\"ProcessInstanceId\"", instanceId),
        _jobs.Select("\"ProcessInstanceId\"", instanceId),
        _subscriptions.Select("\"ProcessInstanceId\"", instanceId),
        _incidents.Select("\"ProcessInstanceId\"", instanceId));

    /// <summary>The instance and its rows.</summary>
    public static Task<InstanceRows?> LoadAsync(BpmnStoreDbContext context, IDbContextTransaction? transaction, string instanceId, CancellationToken cancellationToken)
    {
        var loader = Loaders.GetOrAdd(context.GetType(), _ => new InstanceLoader(context));
        return loader.LoadAsync(context, transaction, loader._sql, instanceId, cancellationToken);
    }

    /// <summary>
    /// The instance that holds the row of type <paramref name="rowType"/> (a user task, a job, an incident) with the id
    /// <paramref name="rowId"/>, and its rows, in the same round trip: each SELECT finds the instance id through the row.
    /// </summary>
    public static Task<InstanceRows?> LoadOfAsync(BpmnStoreDbContext context, IDbContextTransaction? transaction, Type rowType, string rowId, CancellationToken cancellationToken)
    {
        var loader = Loaders.GetOrAdd(context.GetType(), _ => new InstanceLoader(context));
        var sql = loader._sqlByRow.GetOrAdd(rowType, type =>
            loader.Sql($"(SELECT \"ProcessInstanceId\" FROM \"{TableShape.For(context, type).Table}\" WHERE \"Id\" = @id)"));
        return loader.LoadAsync(context, transaction, sql, rowId, cancellationToken);
    }

    private async Task<InstanceRows?> LoadAsync(BpmnStoreDbContext context, IDbContextTransaction? transaction, string sql, string id, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = context.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction?.GetDbTransaction();
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@id";
            parameter.Value = id;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var instance = await _instances.ReadAsync(reader, cancellationToken);
            if (instance.Count == 0)
            {
                return null;
            }

            return new InstanceRows(
                instance[0],
                await _elements.NextAsync(reader, cancellationToken),
                await _variables.NextAsync(reader, cancellationToken),
                await _tasks.NextAsync(reader, cancellationToken),
                await _jobs.NextAsync(reader, cancellationToken),
                await _subscriptions.NextAsync(reader, cancellationToken),
                await _incidents.NextAsync(reader, cancellationToken));
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

        public string Select(string keyColumn, string instanceId) => $"SELECT {_shape.SelectList} FROM \"{_shape.Table}\" WHERE {keyColumn} = {instanceId} ORDER BY \"Id\"";

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
