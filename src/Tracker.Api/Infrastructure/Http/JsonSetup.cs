using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tracker.Api.Infrastructure.Http;

public static class JsonSetup
{
    /// <summary>
    /// snake_case both ways, numbers accepted from strings (clients of older generations send "1"); every response
    /// field written, null included, rate fields only for callers who may see rates (<see cref="RateFields"/>).
    /// </summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip;
        o.Converters.Add(new UtcDateTimeJsonConverter());
        o.Converters.Add(new DateOnlyJsonConverter());
        o.Converters.Add(new BooleanJsonConverter());
        o.TypeInfoResolver = (o.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(RateFields.Modifier);
    }
}

/// <summary>
/// Instants go out as <c>2025-02-19T19:24:55.000000Z</c>, the contract's form; any ISO 8601 within
/// <see cref="CalendarRange"/> comes in.
/// </summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.GetString();
        if (s is null || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto))
            throw new InvalidFieldJsonException("must be an ISO 8601 date-time, e.g. 2024-01-15T10:30:00Z");
        return CalendarRange.Contains(dto.UtcDateTime) ? dto.UtcDateTime : throw new InvalidFieldJsonException(CalendarRange.Problem);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
}

public sealed class DateOnlyJsonConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (!DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            throw new InvalidFieldJsonException("must match the format Y-m-d");
        return CalendarRange.Contains(d) ? d : throw new InvalidFieldJsonException(CalendarRange.Problem);
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

/// <summary>
/// Booleans as JSON <c>true</c>/<c>false</c>, or as the strings a form sends (<c>true</c>, <c>false</c>, <c>1</c>, <c>0</c>),
/// as numbers are read from strings.
/// </summary>
public sealed class BooleanJsonConverter : JsonConverter<bool>
{
    public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.String when reader.GetString() is { } text && (bool.TryParse(text, out var flag) || text is "1" or "0") =>
            text == "1" || text != "0" && flag,
        _ => throw new InvalidFieldJsonException("must be true or false"),
    };

    public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
}

/// <summary>The one legacy field form, <c>YYYY-MM-DD HH:mm:ss</c> (workspace <c>activated_at</c>).</summary>
public sealed class LegacyDateTimeJsonConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.TryParseExact(reader.GetString(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
        && CalendarRange.Contains(t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new InvalidFieldJsonException("must be a date-time (YYYY-MM-DD HH:mm:ss) between 1900 and 9998");

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
}

/// <summary>A JSON value the property cannot take; <see cref="ErrorHandling"/> answers 422 "The {field} field {Problem}."</summary>
public sealed class InvalidFieldJsonException(string problem) : JsonException(problem)
{
    public string Problem { get; } = problem;
}
