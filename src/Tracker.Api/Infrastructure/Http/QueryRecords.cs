using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Tracker.Api.Infrastructure.Http;

/// <summary>
/// The one way an endpoint reads filters from the query string: a record whose constructor parameters are the
/// filters, each read from its snake_case name by its type. Its <c>BindAsync</c> calls <see cref="Bind{T}"/>, like
/// <see cref="Paging.PageRequest"/>. Ids (<c>long?</c>), integers (<c>int?</c>), dates (<c>DateOnly?</c>), instants
/// (<c>DateTime?</c>, UTC) and booleans (<c>bool?</c>) each have one parse and one 422 message naming the field, so a malformed value answers alike on
/// every list, and the framework never meets a value it cannot bind. The OpenAPI document lists the same fields.
/// </summary>
public interface IQueryRecord;

public static class QueryRecords
{
    private static readonly ConcurrentDictionary<Type, (ConstructorInfo Constructor, QueryField[] Fields)> Shapes = new();

    public sealed record QueryField(string Name, Type Type);

    /// <summary>The query fields of <paramref name="record"/> (for the OpenAPI document).</summary>
    public static QueryField[] FieldsOf(Type record) => Shape(record).Fields;

    public static ValueTask<T?> Bind<T>(HttpContext context) where T : class
    {
        var (constructor, fields) = Shape(typeof(T));
        var v = new Validator();
        var values = fields.Select(f => Read(v, context.Request.Query, f)).ToArray();
        v.ThrowIfInvalid();
        return ValueTask.FromResult((T?)constructor.Invoke(values));
    }

    private static (ConstructorInfo Constructor, QueryField[] Fields) Shape(Type record) => Shapes.GetOrAdd(record, type =>
    {
        var constructor = type.GetConstructors().Single();
        var fields = constructor.GetParameters()
            .Select(p => new QueryField(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name!), p.ParameterType)).ToArray();
        foreach (var field in fields)
            if (field.Type != typeof(string) && field.Type != typeof(long?) && field.Type != typeof(int?)
                && field.Type != typeof(DateOnly?) && field.Type != typeof(DateTime?) && field.Type != typeof(bool?))
                throw new InvalidOperationException($"{type.Name}.{field.Name}: query fields are string, long?, int?, DateOnly?, DateTime? or bool?");
        return (constructor, fields);
    });

    private static object? Read(Validator v, IQueryCollection query, QueryField field)
    {
        var values = query[field.Name];
        if (field.Type == typeof(string)) return values.Count == 0 ? null : values.ToString();
        var raw = values.ToString().Trim();
        if (raw.Length == 0) return null;
        var label = field.Name.Replace('_', ' ');
        if (field.Type == typeof(long?)) return v.Id(field.Name, raw);
        if (field.Type == typeof(DateOnly?)) { v.Date(field.Name, raw, out var date); return date; }
        if (field.Type == typeof(DateTime?)) { v.Instant(field.Name, raw, out var instant); return instant; }
        if (field.Type == typeof(int?))
        {
            if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return number;
            v.Add(field.Name, $"The {label} field must be an integer.");
            return null;
        }
        if (bool.TryParse(raw, out var flag)) return flag;
        if (raw is "1" or "0") return raw == "1";
        v.Add(field.Name, $"The {label} field must be true or false.");
        return null;
    }
}

/// <summary>The optional <c>project_id</c> an operation on a task or a viewer's projects may name in the query (its writes also take it in the body).</summary>
public sealed record ProjectIdQuery(long? ProjectId) : IQueryRecord
{
    public static ValueTask<ProjectIdQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<ProjectIdQuery>(context);
}
