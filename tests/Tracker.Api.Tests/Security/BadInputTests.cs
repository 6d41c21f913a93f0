using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Tracker.Api.Tests.Security;

/// <summary>
/// Generates bad requests for every operation in the OpenAPI document (so new routes are covered without
/// editing this file): malformed and wrong-shaped bodies, every body property set to wrong types, huge strings,
/// negative and huge numbers, bad dates, time zones and enum values, and bad query values. Every answer must be a
/// 4xx (or 2xx where the input happens to be acceptable) in the envelope; none may be a 500.
/// </summary>
[Collection(SharedHost.Walkers)]
public class BadInputTests(TrackerFactory factory, ITestOutputHelper output)
{
    private static readonly JsonNode?[] BadValues =
    [
        null, JsonValue.Create(-1), JsonValue.Create(0), JsonValue.Create(1e30), JsonValue.Create(long.MaxValue),
        JsonValue.Create("9223372036854775808"), JsonValue.Create(new string('x', 100_000)), JsonValue.Create(""),
        JsonValue.Create("2024-13-45"), JsonValue.Create("2024-02-30T25:61:00Z"), JsonValue.Create("Not/AZone"),
        JsonValue.Create("NOT_A_VALUE"), JsonValue.Create(true), new JsonObject { ["nested"] = 1 }, new JsonArray(1, "two"),
        JsonValue.Create("<script>alert(1)</script>"), JsonValue.Create("' OR 1=1 --"),
    ];

    private static readonly string[] BadQueryValues =
        ["abc", "-1", "0", "99999999999999999999999", "2024-02-30", "NOT_A_VALUE", new string('q', 5000), "%00", "1,abc"];

    [Fact]
    public async Task No_generated_bad_request_answers_500()
    {
        var ws = await factory.NewWorkspaceAsync();
        var client = ws.Owner.Client;
        var doc = JsonNode.Parse(await factory.ClientWith(null).GetStringAsync("/openapi/v2.json"))!;
        var schemas = doc["components"]?["schemas"]?.AsObject();
        var tried = 0;
        var failures = new List<string>();

        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v2", StringComparison.Ordinal)) continue;
            foreach (var (method, operation) in item!.AsObject())
            {
                var url = FillPath(path, ws.Owner.Id);
                var httpMethod = new HttpMethod(method.ToUpperInvariant());
                async Task Try(string target, string? body, string label)
                {
                    tried++;
                    var request = new HttpRequestMessage(httpMethod, target);
                    if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                    var response = await client.SendAsync(request);
                    var text = await response.Content.ReadAsStringAsync();
                    if ((int)response.StatusCode >= 500 || !IsEnvelope(text, response.StatusCode))
                        failures.Add($"{method.ToUpperInvariant()} {path} [{label}] → {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                }

                var query = $"{url}?workspace_id={ws.Id}";
                foreach (var parameter in operation!["parameters"]?.AsArray() ?? [])
                {
                    var name = parameter!["name"]!.GetValue<string>();
                    if (parameter["in"]?.GetValue<string>() != "query" || name == "workspace_id") continue;
                    foreach (var bad in BadQueryValues)
                        await Try($"{query}&{name}={Uri.EscapeDataString(bad)}", null, $"query {name}={bad[..Math.Min(12, bad.Length)]}");
                }
                await Try($"{url}?workspace_id=-1", null, "workspace_id=-1");
                await Try($"{url}?workspace_id=99999999999999999999", null, "workspace_id overflow");

                if (operation["requestBody"] is not { } requestBody) continue;
                var properties = Resolve(requestBody["content"]?["application/json"]?["schema"], schemas)?["properties"]?.AsObject();
                foreach (var raw in new[] { "{", "[]", "\"text\"", "null", "{\"a\":" , new string('[', 5000) })
                    await Try(query, raw, $"raw {raw[..Math.Min(10, raw.Length)]}");
                foreach (var (property, _) in properties ?? [])
                    foreach (var bad in BadValues)
                        await Try(query, new JsonObject { [property] = bad?.DeepClone() }.ToJsonString(), $"{property}={Describe(bad)}");
            }
        }

        output.WriteLine($"Bad-input cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 100, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    /// <summary>Control characters as they appear in JSON text: escapes, and raw DEL and C1 (NEL).</summary>
    private static readonly string[] JsonControls = ["\\u0000", "\\u001b", "\u007F", "\u0085", "\\ud800"];
    /// <summary>The same in a URL.</summary>
    private static readonly string[] UrlControls = ["%00", "%1B", "%7F", "%C2%85"];

    [Fact]
    public async Task Control_characters_in_any_query_route_or_body_value_answer_422_naming_the_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var tried = 0;
        var failures = new List<string>();
        async Task Expect(Operation op, string target, string? body, string field, string label, bool orNotFound = false)
        {
            tried++;
            var request = new HttpRequestMessage(op.Method, target);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            var response = await Http.SendAsync(ws.Owner.Client, request);
            var named = response.Status == HttpStatusCode.UnprocessableEntity && response.Json.TryGetProperty("errors", out var errors)
                && errors.EnumerateObject().Any(e => e.Name == field || e.Name.StartsWith(field + "[", StringComparison.Ordinal));
            if (!named && !(orNotFound && response.Status == HttpStatusCode.NotFound))
                failures.Add($"{op} [{label}] → {(int)response.Status} {Short(response.Json.ToString())}");
        }

        foreach (var op in await OperationsAsync(objects))
        {
            var query = $"{op.Url}?workspace_id={ws.Id}";
            foreach (var (name, _) in op.Query)
                foreach (var control in UrlControls)
                    await Expect(op, name == "workspace_id" ? $"{op.Url}?workspace_id={ws.Id}{control}" : $"{query}&{name}=a{control}b", null, name, $"query {name} {control}");
            // A NUL never reaches a route: the server refuses it in the path (Kestrel, and the test host, answer 400).
            // An integer route parameter does not match such text at all: 404.
            foreach (var name in op.RouteParameters)
                foreach (var control in UrlControls.Skip(1))
                    await Expect(op, $"{op.UrlWith(name, $"a{control}b")}?workspace_id={ws.Id}", null, SnakeCase(name), $"route {name} {control}",
                        orNotFound: IsTyped(op.RouteSchema(name)));
            foreach (var (name, schema) in op.Body)
                foreach (var control in JsonControls)
                {
                    var text = $"\"a{control}b\"";
                    var value = schema?["type"]?.ToJsonString().Contains("array") == true ? $"[{text}]" : text;
                    await Expect(op, query, $"{{\"workspace_id\":{ws.Id},\"{name}\":{value}}}", name, $"body {name} {control}");
                }
        }

        output.WriteLine($"Control-character cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 300, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task Control_characters_in_form_bodies_and_sign_in_forms_answer_422_and_tab_and_newline_are_text()
    {
        var ws = await factory.NewWorkspaceAsync();
        var form = new HttpRequestMessage(HttpMethod.Post, "/api/v2/webhooks")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("workspace_id", ws.Id.ToString()),
                KeyValuePair.Create("url", "http://127.0.0.1:9/x\0y"), KeyValuePair.Create("events[]", "tracker.started")]),
        };
        (await Http.SendAsync(ws.Owner.Client, form)).ExpectInvalid("url");
        Assert.Equal(0, (await ws.Owner.Client.ApiGetAsync($"/api/v2/webhooks?{ws.Q}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());

        // The sign-in page looks the email up in the database (PostgreSQL answered 500 to a NUL there).
        var signIn = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("email", ws.Owner.Email + "\0"), KeyValuePair.Create("password", "x")]),
        };
        // Pages answer with a page (ErrorPageTests), naming the field.
        async Task ExpectInvalidPage(HttpRequestMessage request, string field)
        {
            var response = await factory.ClientWith(null).SendAsync(request);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains($"The {field} field must not contain control characters.", await response.Content.ReadAsStringAsync());
        }
        await ExpectInvalidPage(signIn, "email");
        await ExpectInvalidPage(new HttpRequestMessage(HttpMethod.Get, "/account/login?returnUrl=%2F%00"), "returnUrl");

        // Tab, line feed and carriage return are ordinary text; so are characters outside the BMP.
        var created = (await ws.Owner.Client.SendRawAsync(HttpMethod.Post, $"/api/v2/projects?{ws.Q}",
            "{\"name\":\"Tabs\\tand \\ud83d\\ude00\",\"notes\":\"line one\\r\\nline\\ttwo\"}")).Expect(HttpStatusCode.Created);
        Assert.Equal("Tabs\tand \U0001F600", created.Data.GetProperty("name").GetString());
        Assert.Equal("line one\r\nline\ttwo", created.Data.GetProperty("notes").GetString());
    }

    [Theory]
    [InlineData("{\"name\":\"plain\",\"notes\":\"a\\tb\\nc\\r\\\"\\\\\",\"n\":[1,{\"x\":\"\\ud83d\\ude00\"}]}", null)]
    [InlineData("{\"name\":\"a\\u0000b\"}", "name")]
    [InlineData("{\"a\":{\"b\":[\"ok\",\"x\\u0007\"]}}", "a.b[1]")]
    [InlineData("{\"items\":[{\"n\":1},{\"note\":\"\\udc00\"}]}", "items[1].note")]
    [InlineData("{\"ke\\u0000y\":1}", "body")]
    [InlineData("{\"a\":{\"ke\\u0000y\":1}}", "a")]
    [InlineData("\"\\u001f\"", "body")]
    [InlineData("{\"broken\":\"\\u0000", null)]
    public void A_JSON_body_is_scanned_for_control_characters_by_path(string json, string? expected) =>
        Assert.Equal(expected, ControlCharacters.FirstDirtyJson(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task Dates_at_the_calendar_edge_in_any_date_input_never_answer_500()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var tried = 0;
        var failures = new List<string>();
        async Task Try(Operation op, string target, JsonObject? body, string label, string? refusedField)
        {
            tried++;
            var request = new HttpRequestMessage(op.Method, target);
            if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            var response = await ws.Owner.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var refused = refusedField is null || status is 403 or 404
                          || status == 422 && JsonNode.Parse(text)?["errors"]?[refusedField] is not null;
            if (status >= 500 || !IsEnvelope(text, response.StatusCode) || !refused)
                failures.Add($"{op} [{label}] → {status} {Short(text)}");
        }

        foreach (var op in await OperationsAsync(objects))
        {
            var queryDates = op.Query.Where(p => DateKind(p.Name, p.Schema) is not null).ToList();
            var bodyDates = op.Body.Where(p => DateKind(p.Name, p.Schema) is not null).ToList();
            if (queryDates.Count + bodyDates.Count == 0) continue;
            string Query(Dictionary<string, string> values) =>
                $"{op.Url}?workspace_id={ws.Id}" + string.Concat(queryDates.Select(p => $"&{p.Name}={Uri.EscapeDataString(values.GetValueOrDefault(p.Name) ?? Ordinary(p.Name, p.Schema)!)}"));
            JsonObject? Body(Dictionary<string, string> values)
            {
                if (op.Body.Count == 0) return null;
                var body = new JsonObject { ["workspace_id"] = ws.Id };
                foreach (var (name, schema) in op.Body)
                    if ((values.TryGetValue(name, out var v) ? v : Plausible(name, schema, objects)) is { } value)
                        body[name] = value;
                return body;
            }

            // Each date input alone at each edge, the others ordinary; an out-of-calendar date must be refused by name.
            foreach (var (name, schema) in queryDates.Concat(bodyDates))
                foreach (var (value, outside) in EdgeValues(DateKind(name, schema)!))
                {
                    var values = new Dictionary<string, string> { [name] = value };
                    await Try(op, Query(values), Body(values), $"{name}={value}", outside ? name : null);
                }
            // Every date input at once: the last day the calendar allows with 24:00, and the widest range.
            var all = queryDates.Concat(bodyDates).ToList();
            var last = all.ToDictionary(p => p.Name, p => DateKind(p.Name, p.Schema) switch
            {
                "clock" => p.Name.StartsWith("start", StringComparison.Ordinal) ? "23:00" : "24:00",
                "instant" => "9998-12-31T23:59:59Z",
                _ => "9998-12-31",
            });
            await Try(op, Query(last), Body(last), "all at 9998-12-31 / 24:00", null);
            var widest = all.Select((p, i) => (p.Name, Kind: DateKind(p.Name, p.Schema)!, First: i == 0))
                .Where(p => p.Kind != "clock")
                .ToDictionary(p => p.Name, p => (p.First ? "0001-01-01" : "9999-12-31") + (p.Kind == "instant" ? "T00:00:00Z" : ""));
            await Try(op, Query(widest), Body(widest), "range 0001-01-01 … 9999-12-31", null);
        }

        output.WriteLine($"Calendar-edge cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 150, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    /// <summary>What a date input holds: a day, an instant or a wall-clock time; null for anything else.</summary>
    private static string? DateKind(string name, JsonNode? schema) =>
        schema?["format"]?.GetValue<string>() switch
        {
            "date-time" => "instant",
            "date" => "date",
            _ when name.EndsWith("_time", StringComparison.Ordinal) => "clock",
            _ when name is "date" or "deadline" or "start" or "end" || name.EndsWith("_date", StringComparison.Ordinal)
                                                                      || name.StartsWith("date_", StringComparison.Ordinal) => "date",
            _ => null,
        };

    /// <summary>Values at the calendar's edge, and whether each lies outside what the API accepts.</summary>
    private static (string Value, bool Outside)[] EdgeValues(string kind) => kind switch
    {
        "instant" =>
        [
            ("9999-12-31T23:59:59Z", true), ("0001-01-01T00:00:00Z", true), ("9999-12-31T23:59:59-14:00", true),
            ("0001-01-01T00:00:00+14:00", true), ("1899-12-31T23:59:59Z", true), ("9998-12-31T23:59:59Z", false),
            ("1900-01-01T00:00:00+14:00", true), ("2026-01-05T24:00:00Z", true),
        ],
        // A wall-clock time is checked where it is used (a full-day leave ignores them): only "never a 500" here.
        "clock" => [("24:00", false), ("24:01", false), ("23:60", false), ("00:00", false), ("23:59", false)],
        _ => [("9999-12-31", true), ("0001-01-01", true), ("1899-12-31", true), ("9998-12-31", false), ("1900-01-01", false)],
    };

    /// <summary>An ordinary value for a date query parameter (a range needs both ends).</summary>
    private static string? Ordinary(string name, JsonNode? schema) => DateKind(name, schema) switch
    {
        "clock" => name.StartsWith("start", StringComparison.Ordinal) ? "09:00" : "10:00",
        "instant" => name.StartsWith("end", StringComparison.Ordinal) ? "2026-01-02T14:00:00Z" : "2026-01-02T13:00:00Z",
        "date" => name.Contains("end") || name.EndsWith("_to", StringComparison.Ordinal) || name == "deadline" ? "2026-01-07" : "2026-01-05",
        _ => null,
    };

    /// <summary>A body value that passes validation, so a date case reaches the code that computes with it.</summary>
    private static JsonNode? Plausible(string name, JsonNode? schema, WorkspaceObjects objects)
    {
        if (Ordinary(name, schema) is { } date) return date;
        if (name != "id" && objects.IdFor(name) is { } id) return long.TryParse(id, out var number) ? number : id;
        return name switch
        {
            "name" or "title" or "expense_name" or "notes" or "note" or "reason" or "activity_description" => "Calendar edge",
            "amount" => 1,
            "hours_per_day" => 8,
            "leave_period" => 0,
            _ => null,
        };
    }

    [Fact]
    public async Task Binding_failures_answer_without_internal_type_names()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var internalNames = typeof(Program).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Tracker.Api", StringComparison.Ordinal) == true && !t.IsNested
                        && System.Text.RegularExpressions.Regex.IsMatch(t.Name, "^[A-Z][a-z]+[A-Z][A-Za-z]+$"))
            .Select(t => t.Name).ToList();
        string[] markers = ["Tracker.", "Nullable", "Implicit body", "System.", "Failed to bind", "Failed to read", "Int64", "Int32",
            "JsonElement", "DateOnly", "Microsoft."];
        var clrParameter = new System.Text.RegularExpressions.Regex("\"(?:long|int|bool|string|decimal|double|Guid)\\??(?:\\[\\])? [a-zA-Z]");
        var tried = 0;
        var failures = new List<string>();
        async Task Try(Operation op, HttpRequestMessage request, string label, string? field)
        {
            tried++;
            var response = await ws.Owner.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var leaked = markers.Concat(internalNames).FirstOrDefault(m => text.Contains(m, StringComparison.Ordinal))
                         ?? (clrParameter.IsMatch(text) ? "a CLR parameter" : null);
            var named = field is null || status != 422 || JsonNode.Parse(text)?["errors"]?[field] is not null;
            if (status >= 500 || leaked is not null || !named || !IsEnvelope(text, response.StatusCode))
                failures.Add($"{op} [{label}] → {status} {(leaked is null ? "" : $"names '{leaked}': ")}{Short(text)}");
        }

        foreach (var op in await OperationsAsync(objects))
        {
            var query = $"{op.Url}?workspace_id={ws.Id}";
            // Typed parameters (integers, booleans) given text, fractions and overflows.
            foreach (var (name, schema) in op.Query.Where(p => p.Name != "workspace_id" && IsTyped(p.Schema)))
                foreach (var bad in new[] { "abc", "1.5", "99999999999999999999", "" })
                    await Try(op, new HttpRequestMessage(op.Method, $"{query}&{name}={bad}"), $"query {name}={bad}", bad.Length > 0 ? name : null);
            foreach (var name in op.RouteParameters.Where(n => IsTyped(op.RouteSchema(n))))
                foreach (var bad in new[] { "abc", "1.5", "99999999999999999999" })
                    await Try(op, new HttpRequestMessage(op.Method, $"{op.UrlWith(name, bad)}?workspace_id={ws.Id}"), $"route {name}={bad}", SnakeCase(name));
            if (!op.HasBody) continue;
            // No body, a body that is not JSON, and JSON of the wrong shape.
            await Try(op, new HttpRequestMessage(op.Method, query), "no body", null);
            foreach (var (content, type) in new[] { ("hello", "text/plain"), ("<a/>", "application/xml"), ("[]", "application/json"),
                         ("\"text\"", "application/json"), ("42", "application/json"), ("{\"a\":", "application/json"), ("", "application/json") })
                await Try(op, new HttpRequestMessage(op.Method, query) { Content = new StringContent(content, Encoding.UTF8, type) }, $"{type} {content}", null);
        }

        output.WriteLine($"Binding-failure cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 200, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task Malformed_ids_numbers_booleans_and_dates_in_any_query_answer_one_422_shape_naming_the_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var tried = 0;
        var failures = new List<string>();
        foreach (var op in await OperationsAsync(objects))
            foreach (var (name, schema) in op.Query.Where(p => p.Name != "workspace_id"))
            {
                var (bad, problem) = (schema?["type"]?.ToJsonString(), schema?["format"]?.GetValue<string>()) switch
                {
                    (var t, "int64") when t?.Contains("integer") == true => ("abc", "must be a positive integer"),
                    (var t, _) when t?.Contains("integer") == true => ("1.5", "must be an integer"),
                    (var t, _) when t?.Contains("boolean") == true => ("maybe", "must be true or false"),
                    (_, "date") => ("2024-02-30", "must match the format Y-m-d"),
                    _ => (null, null),
                };
                if (bad is null)
                {
                    // An id or a day documented as free text would escape this walk: every such filter is typed. Reports
                    // take id lists ("1,2") and read them with ReportQuery.
                    if (name.EndsWith("_id", StringComparison.Ordinal) && name != "category_id" && !op.Path.StartsWith("/api/v2/reports", StringComparison.Ordinal)
                        || DateKind(name, schema) == "date" && schema?["format"] is null)
                        failures.Add($"{op}: query {name} is documented as free text");
                    continue;
                }
                tried++;
                // The other days of a range get ordinary values, so the malformed one is the only error.
                var companions = string.Concat(op.Query.Where(p => p.Name != name && p.Schema?["format"]?.GetValue<string>() == "date")
                    .Select(p => $"&{p.Name}={Ordinary(p.Name, p.Schema)}"));
                var response = await Http.SendAsync(ws.Owner.Client,
                    new HttpRequestMessage(op.Method, $"{op.Url}?workspace_id={ws.Id}{companions}&{name}={bad}"));
                var message = $"The {name.Replace('_', ' ')} field {problem}.";
                var errors = response.Json.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object ? e.EnumerateObject().ToList() : [];
                if (response.Status != HttpStatusCode.UnprocessableEntity || response.Json.GetProperty("message").GetString() != message
                    || errors.Count != 1 || errors[0].Name != name || errors[0].Value[0].GetString() != message)
                    failures.Add($"{op} [{name}={bad}] → {(int)response.Status} {Short(response.Json.ToString())}");
            }

        output.WriteLine($"Malformed query cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 30, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    [Fact]
    public async Task A_write_without_a_body_answers_422_naming_the_required_fields_and_malformed_JSON_answers_400()
    {
        var ws = await factory.NewWorkspaceAsync();
        var objects = await WorkspaceObjects.CreateAsync(factory, ws);
        var tried = 0;
        var failures = new List<string>();
        foreach (var op in (await OperationsAsync(objects)).Where(o => o.HasBody))
        {
            tried++;
            var target = $"{op.Url}?workspace_id={ws.Id}";
            var missing = await Http.SendAsync(ws.Owner.Client, new HttpRequestMessage(op.Method, target));
            // A body whose fields are all optional may succeed or meet a business rule; a refusal of the body never.
            var refusedBody = missing.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType || (int)missing.Status >= 500
                || missing.Status == HttpStatusCode.UnprocessableEntity && (!missing.Json.TryGetProperty("errors", out var errors)
                    || errors.ValueKind != JsonValueKind.Object || !errors.EnumerateObject().Any());
            if (refusedBody && missing.Status != HttpStatusCode.BadRequest || missing.Status == HttpStatusCode.BadRequest && missing.Message.Contains("body"))
                failures.Add($"{op} [no body] → {(int)missing.Status} {Short(missing.Json.ToString())}");
            var malformed = await Http.SendAsync(ws.Owner.Client,
                new HttpRequestMessage(op.Method, target) { Content = new StringContent("{\"a\":", Encoding.UTF8, "application/json") });
            if (malformed.Status != HttpStatusCode.BadRequest || malformed.Message != "The request body is not valid JSON.")
                failures.Add($"{op} [malformed] → {(int)malformed.Status} {Short(malformed.Json.ToString())}");
        }
        var start = await Http.SendAsync(ws.Owner.Client, new HttpRequestMessage(HttpMethod.Post, $"/api/v2/time-tracking/start?{ws.Q}"));
        start.ExpectInvalid("user_id");

        output.WriteLine($"Body cases tried: {tried}; failures: {failures.Count}");
        Assert.True(tried > 20, $"only {tried} cases generated");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
    }

    private static bool IsTyped(JsonNode? schema) =>
        schema?["type"]?.ToJsonString() is { } type && (type.Contains("integer") || type.Contains("number") || type.Contains("boolean"))
        && !type.Contains("string");

    /// <summary>An operation of the OpenAPI document, its path filled with the ids of real objects of one workspace.</summary>
    private sealed record Operation(HttpMethod Method, string Path, string Url, List<(string Name, JsonNode? Schema)> Query,
        List<(string Name, JsonNode? Schema)> Body, bool HasBody, JsonArray Parameters, WorkspaceObjects Objects)
    {
        public IEnumerable<string> RouteParameters =>
            System.Text.RegularExpressions.Regex.Matches(Path, "\\{([^}]+)\\}").Select(m => m.Groups[1].Value);

        public JsonNode? RouteSchema(string name) =>
            Parameters.FirstOrDefault(p => p?["in"]?.GetValue<string>() == "path" && p["name"]?.GetValue<string>() == name)?["schema"];

        /// <summary>The URL with one route value replaced (already URL-encoded).</summary>
        public string UrlWith(string parameter, string value) =>
            System.Text.RegularExpressions.Regex.Replace(Path, "\\{([^}]+)\\}", m => m.Groups[1].Value == parameter ? value : Objects.IdFor(m.Groups[1].Value)!);

        public override string ToString() => $"{Method} {Path}";
    }

    private async Task<List<Operation>> OperationsAsync(WorkspaceObjects objects)
    {
        var doc = JsonNode.Parse(await factory.ClientWith(null).GetStringAsync("/openapi/v2.json"))!;
        var schemas = doc["components"]?["schemas"]?.AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            if (!path.StartsWith("/api/v2", StringComparison.Ordinal)) continue;
            foreach (var (method, operation) in item!.AsObject())
            {
                var parameters = operation!["parameters"]?.AsArray() ?? [];
                var query = parameters.Where(p => p?["in"]?.GetValue<string>() == "query")
                    .Select(p => (p!["name"]!.GetValue<string>(), p["schema"])).ToList();
                var requestBody = operation["requestBody"];
                var properties = Resolve(requestBody?["content"]?["application/json"]?["schema"], schemas)?["properties"]?.AsObject();
                var body = (properties ?? []).Select(p => (p.Key, p.Value)).ToList();
                var url = System.Text.RegularExpressions.Regex.Replace(path, "\\{([^}]+)\\}",
                    m => objects.IdFor(m.Groups[1].Value) ?? throw new InvalidOperationException($"No fixture for {m.Groups[1].Value} in {path}"));
                // JSON bodies only: a file upload (POST /imports) answers a JSON body with 422 naming `file`, tested with the import.
                operations.Add(new Operation(new HttpMethod(method.ToUpperInvariant()), path, url, query, body,
                    requestBody?["content"]?["application/json"] is not null, parameters, objects));
            }
        }
        return operations;
    }

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Short(string text) => text.Length <= 240 ? text : text[..240] + "…";

    private static string FillPath(string path, long someId) =>
        System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", someId.ToString());

    /// <summary>Follows a $ref, also through the oneOf [null, $ref] that a nullable body produces.</summary>
    private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas)
    {
        var reference = schema?["$ref"] ?? schema?["oneOf"]?.AsArray().Select(s => s?["$ref"]).FirstOrDefault(r => r is not null);
        return reference is not null && schemas is not null ? schemas[reference.GetValue<string>().Split('/').Last()] : schema;
    }

    private static bool IsEnvelope(string text, HttpStatusCode status)
    {
        if (status is HttpStatusCode.NoContent || text.Length == 0) return false;
        try
        {
            var root = JsonDocument.Parse(text).RootElement;
            return root.TryGetProperty("success", out var success) && success.GetBoolean() == ((int)status < 400)
                && root.TryGetProperty("meta", out _) && ((int)status < 400 || root.TryGetProperty("message", out _));
        }
        catch (JsonException)
        {
            // CSV downloads and similar non-JSON successes are fine; errors must be JSON.
            return (int)status < 400;
        }
    }

    private static string Describe(JsonNode? value) => value is null ? "null" : value.ToJsonString() is var s && s.Length > 14 ? s[..14] + "…" : value.ToJsonString();
}
