using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tracker.Api.Features.Reports;

/// <summary>
/// The plain report as it is written: the keys of <see cref="TrackedHoursData"/> (the shape the OpenAPI document
/// describes, with <see cref="TrackedHoursDay"/> and <see cref="TrackedHoursRow"/>), each day's rows written straight
/// from its buckets. A month of 500 members has ~44k rows; an object each, serialised by reflection, was ~40% of what
/// the report allocated and about a sixth of its CPU (bench, issue 20).
/// </summary>
internal sealed record TrackedHoursPlain(
    string ReportType, DateOnly StartDate, DateOnly EndDate, TrackedHoursTotal Total, IReadOnlyDictionary<string, TrackedHoursDayLines> Days);

/// <summary>
/// One day's rows, ordered by member, project and contract, written as a <see cref="TrackedHoursDay"/>: a row is a
/// bucket with displayed minutes, and its figures (<see cref="TrackedHoursReport.RowSource.Figures"/>) are worked out
/// as it is written. The days are a dictionary, so the serializer can flush the answer between them.
/// </summary>
[JsonConverter(typeof(Writer))]
internal sealed class TrackedHoursDayLines(List<TimeBucket> lines, TrackedHoursReport.RowSource source)
{
    private List<TimeBucket> Lines { get; } = lines;
    private TrackedHoursReport.RowSource Source { get; } = source;

    private sealed class Writer : JsonConverter<TrackedHoursDayLines>
    {
        private static readonly JsonEncodedText Users = JsonEncodedText.Encode("users"), UserId = JsonEncodedText.Encode("user_id"),
            UserName = JsonEncodedText.Encode("user_name"), ProjectId = JsonEncodedText.Encode("project_id"),
            ProjectName = JsonEncodedText.Encode("project_name"), ContractId = JsonEncodedText.Encode("contract_id"),
            TotalMinutes = JsonEncodedText.Encode("total_minutes"), TotalAmount = JsonEncodedText.Encode("total_amount");

        public override TrackedHoursDayLines Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A report is only written.");

        public override void Write(Utf8JsonWriter writer, TrackedHoursDayLines day, JsonSerializerOptions options)
        {
            var source = day.Source;
            writer.WriteStartObject();
            writer.WriteStartArray(Users);
            foreach (var b in day.Lines)
            {
                var (minutes, amount) = source.Figures(b);
                writer.WriteStartObject();
                writer.WriteNumber(UserId, b.UserId);
                writer.WriteString(UserName, source.Members[b.UserId].Name);
                Id(writer, ProjectId, b.ProjectId);
                writer.WriteString(ProjectName, source.Lookups.ProjectName(b.ProjectId));
                Id(writer, ContractId, b.ContractId);
                writer.WriteNumber(TotalMinutes, minutes);
                // Rate fields are left out for a caller who may not see rates (conventions.md 2.2, RateFields).
                if (amount is { } money)
                {
                    writer.WriteStartObject(TotalAmount);
                    if (money.Currency is { } currency) writer.WriteNumber(currency, money.Amount);
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        private static void Id(Utf8JsonWriter writer, JsonEncodedText name, long? id)
        {
            if (id is { } value) writer.WriteNumber(name, value);
            else writer.WriteNull(name);
        }
    }
}
