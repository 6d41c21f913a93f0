using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Expenses;

[Collection(SharedHost.Api)]
public class ExpenseTests(TrackerFactory factory)
{
    [Fact]
    public async Task Create_answers_the_display_ready_expense()
    {
        var ws = await factory.NewWorkspaceAsync();
        var travel = await CategoryIdAsync(ws, "Travel");
        var project = await ProjectAsync(ws.Id, "Marketing Campaign Q1");

        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Train tickets", date = "2024-01-15", amount = 150.5m, category_id = travel,
            project_id = project, note = "Client visit", is_billable = true,
        })).Expect(HttpStatusCode.Created);
        Assert.Equal("Expense created successfully", created.Message);
        var e = created.Data;
        Assert.True(Guid.TryParse(e.GetProperty("id").GetString(), out _));
        Assert.Equal("Test User", e.GetProperty("member").GetString());
        Assert.Equal(ws.Owner.Id, e.GetProperty("user_id").GetInt64());
        Assert.Equal("Jan 15, 2024", e.GetProperty("expense_date").GetString());
        Assert.Equal("2024-01-15", e.GetProperty("date").GetString());
        Assert.Equal("Train tickets", e.GetProperty("expense_name").GetString());
        Assert.Equal("Marketing Campaign Q1", e.GetProperty("project").GetString());
        Assert.Equal(project, e.GetProperty("project_id").GetInt64());
        Assert.Equal("Travel", e.GetProperty("category").GetString());
        Assert.Equal(travel, e.GetProperty("category_id").GetString());
        Assert.Equal("150.5", e.GetProperty("amount").GetRawText());
        Assert.Equal("USD", e.GetProperty("currency").GetString());
        Assert.Equal("Client visit", e.GetProperty("note").GetString());
        Assert.Equal("billable", e.GetProperty("type").GetString());
        Assert.Equal("Jan 5, 2026", e.GetProperty("added_dte").GetString());

        // Generation A's names and loose forms: description as note, display date, currency in lower case, 0/1 flags.
        var loose = (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Lunch", date = "Feb 3, 2024", amount = 12, category_id = await CategoryIdAsync(ws, "Meals"),
            description = "Team lunch", is_billable = 0, currency = "eur",
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal("Feb 3, 2024", loose.GetProperty("expense_date").GetString());
        Assert.Equal("Team lunch", loose.GetProperty("note").GetString());
        Assert.Equal("non-billable", loose.GetProperty("type").GetString());
        Assert.Equal("EUR", loose.GetProperty("currency").GetString());
        Assert.Equal(JsonValueKind.Null, loose.GetProperty("project").ValueKind);
        Assert.Equal("12", loose.GetProperty("amount").GetRawText());

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        Assert.Equal(2, await db.OutboxEvents.CountAsync(x => x.WorkspaceId == ws.Id && x.EventType == "expense.created"));
        var stored = await db.Expenses.SingleAsync(x => x.Id == e.GetProperty("id").GetString());
        Assert.Equal(150.50m, stored.Amount);
    }

    [Fact]
    public async Task Create_in_generation_As_form_fills_date_amount_and_category()
    {
        var ws = await factory.NewWorkspaceAsync();
        // Honolulu is UTC-10: at the shared clock's 09:00Z it is still the day before, so the default is visibly local.
        var member = await ws.AddMemberAsync(Roles.ExecutiveManager, timezone: "Pacific/Honolulu");
        var honolulu = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu");
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(factory.Clock.GetUtcNow().UtcDateTime, honolulu));
        Assert.NotEqual(DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime), today);

        var created = (await member.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Parking", description = "Airport",
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal(today.ToString("yyyy-MM-dd"), created.GetProperty("date").GetString());
        Assert.Equal("0", created.GetProperty("amount").GetRawText());
        Assert.Equal("Other", created.GetProperty("category").GetString());
        Assert.Equal(await CategoryIdAsync(ws, "Other"), created.GetProperty("category_id").GetString());
        Assert.Equal("Airport", created.GetProperty("note").GetString());

        // Sent values still win, and a sent amount is still checked.
        var sent = (await member.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Taxi", amount = 20, date = "2024-01-15",
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal(("2024-01-15", "20", "Other"), (sent.GetProperty("date").GetString(), sent.GetProperty("amount").GetRawText(),
            sent.GetProperty("category").GetString()));
        (await member.Client.ApiPostAsync("/api/v2/expenses", new { workspace_id = ws.Id, expense_name = "Taxi", amount = 0 }))
            .ExpectInvalid("amount");
    }

    [Fact]
    public async Task Create_validates_every_field()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var travel = await CategoryIdAsync(ws, "Travel");
        var foreignCategory = await CategoryIdAsync(other, "Travel");
        var foreignProject = await ProjectAsync(other.Id, "Theirs");
        var client = ws.Owner.Client;
        object Body(object? amount = null, string date = "2024-01-15", string? category = null, long? project = null,
            string? currency = null, object? billable = null, long? user = null) => new
        {
            workspace_id = ws.Id, expense_name = "Taxi", date, amount = amount ?? 10m, category_id = category ?? travel,
            project_id = project, currency, is_billable = billable, user_id = user,
        };

        var empty = (await client.ApiPostAsync("/api/v2/expenses", new { workspace_id = ws.Id })).Expect(HttpStatusCode.UnprocessableEntity);
        // Only expense_name is required: generation A makes date, amount and category_id optional (hr-reports.md 3).
        Assert.Equal(["expense_name"], empty.Json.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        (await client.ApiPostAsync("/api/v2/expenses", Body(amount: -5m))).ExpectInvalid("amount");
        (await client.ApiPostAsync("/api/v2/expenses", Body(amount: 0m))).ExpectInvalid("amount");
        (await client.ApiPostAsync("/api/v2/expenses", Body(amount: 1.234m))).ExpectInvalid("amount");
        (await client.ApiPostAsync("/api/v2/expenses", Body(amount: 1_000_000_000m))).ExpectInvalid("amount");
        (await client.ApiPostAsync("/api/v2/expenses", Body(amount: "ten"))).ExpectInvalid("amount");
        (await client.ApiPostAsync("/api/v2/expenses", Body(date: "15/01/2024"))).ExpectInvalid("date");
        (await client.ApiPostAsync("/api/v2/expenses", Body(date: "2024-02-30"))).ExpectInvalid("date");
        (await client.ApiPostAsync("/api/v2/expenses", Body(category: Guid.NewGuid().ToString()))).ExpectInvalid("category_id");
        (await client.ApiPostAsync("/api/v2/expenses", Body(category: foreignCategory))).ExpectInvalid("category_id");
        (await client.ApiPostAsync("/api/v2/expenses", Body(project: foreignProject))).ExpectInvalid("project_id");
        (await client.ApiPostAsync("/api/v2/expenses", Body(currency: "XYZ"))).ExpectInvalid("currency");
        (await client.ApiPostAsync("/api/v2/expenses", Body(currency: "US"))).ExpectInvalid("currency");
        (await client.ApiPostAsync("/api/v2/expenses", Body(billable: "maybe"))).ExpectInvalid("is_billable");
        (await client.ApiPostAsync("/api/v2/expenses", Body(user: other.Owner.Id))).ExpectInvalid("user_id");
        (await client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = new string('x', 256), date = "2024-01-15", amount = 1, category_id = travel,
        })).ExpectInvalid("expense_name");

        await using var scope = factory.Scope();
        Assert.Equal(0, await factory.Db(scope).Expenses.CountAsync(x => x.WorkspaceId == ws.Id));
    }

    [Fact]
    public async Task List_filters_by_member_project_category_and_dates()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var travel = await CategoryIdAsync(ws, "Travel");
        var meals = await CategoryIdAsync(ws, "Meals");
        var project = await ProjectAsync(ws.Id, "Apollo");
        var a = await CreateAsync(ws.Owner, ws, "2024-01-10", travel, project);
        var b = await CreateAsync(ws.Owner, ws, "2024-01-20", meals, null, member.Id);
        var c = await CreateAsync(member, ws, "2024-02-01", travel, project);

        async Task<List<string>> Ids(string filter)
        {
            var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&{filter}")).Expect(HttpStatusCode.OK);
            Assert.Equal(list.Data.GetArrayLength(), list.Pagination.GetProperty("total").GetInt32());
            return list.Data.EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToList();
        }
        Assert.Equal([c, b, a], await Ids("")); // newest expense date first
        Assert.Equal([c, b], await Ids($"user_id={member.Id}"));
        Assert.Equal([c, a], await Ids($"project_id={project}"));
        Assert.Equal([b], await Ids($"category_id={meals}"));
        Assert.Equal([b, a], await Ids("date_from=2024-01-10&date_to=2024-01-20")); // inclusive both ends
        Assert.Equal([c], await Ids("date_from=2024-01-21"));
        Assert.Equal([a], await Ids("date_to=2024-01-10"));
        Assert.Equal([a], await Ids($"id={a}"));
        Assert.Equal([c], await Ids($"user_id={member.Id}&project_id={project}"));

        var page = (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&per_page=2&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(a, Assert.Single(page.Data.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(3, page.Pagination.GetProperty("total").GetInt32());
        Assert.Equal(2, page.Pagination.GetProperty("last_page").GetInt32());
        Assert.Equal(3, page.Pagination.GetProperty("from").GetInt32());

        (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&date_from=2024-1-1")).ExpectInvalid("date_from");
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&date_to=yesterday")).ExpectInvalid("date_to");
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&date_from=2024-02-01&date_to=2024-01-01")).ExpectInvalid("date_to");
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&page=0")).ExpectInvalid("page");
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&user_id=me")).ExpectInvalid("user_id");
        (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&project_id=1.5")).ExpectInvalid("project_id");
    }

    [Fact]
    public async Task Update_changes_only_the_fields_sent()
    {
        var ws = await factory.NewWorkspaceAsync();
        var travel = await CategoryIdAsync(ws, "Travel");
        var software = await CategoryIdAsync(ws, "Software");
        var project = await ProjectAsync(ws.Id, "Apollo");
        var id = await CreateAsync(ws.Owner, ws, "2024-01-10", travel, project);

        var updated = (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new
        {
            workspace_id = ws.Id, amount = 99.99m, category_id = software, is_billable = "yes",
        })).Expect(HttpStatusCode.OK);
        Assert.Equal("Expense updated successfully", updated.Message);
        var e = updated.Data;
        Assert.Equal("99.99", e.GetProperty("amount").GetRawText());
        Assert.Equal("Software", e.GetProperty("category").GetString());
        Assert.Equal("billable", e.GetProperty("type").GetString());
        Assert.Equal("Taxi", e.GetProperty("expense_name").GetString());
        Assert.Equal("Jan 10, 2024", e.GetProperty("expense_date").GetString());
        Assert.Equal("Apollo", e.GetProperty("project").GetString());

        var detached = (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}?{ws.Q}", new
        {
            project_id = 0, date = "2024-03-01", expense_name = "Flight", note = "Moved", currency = "GBP",
        })).Expect(HttpStatusCode.OK).Data;
        Assert.Equal(JsonValueKind.Null, detached.GetProperty("project").ValueKind);
        Assert.Equal("Mar 1, 2024", detached.GetProperty("expense_date").GetString());
        Assert.Equal("Flight", detached.GetProperty("expense_name").GetString());
        Assert.Equal("Moved", detached.GetProperty("note").GetString());
        Assert.Equal("GBP", detached.GetProperty("currency").GetString());

        (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new { workspace_id = ws.Id, amount = -1m })).ExpectInvalid("amount");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new { workspace_id = ws.Id, date = "01/03/2024" })).ExpectInvalid("date");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new { workspace_id = ws.Id, expense_name = " " })).ExpectInvalid("expense_name");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new { workspace_id = ws.Id, category_id = Guid.NewGuid().ToString() })).ExpectInvalid("category_id");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new { workspace_id = ws.Id, currency = "ABC" })).ExpectInvalid("currency");
        (await ws.Owner.Client.ApiPutAsync($"/api/v2/expenses/{Guid.NewGuid()}", new { workspace_id = ws.Id, amount = 5m })).Expect(HttpStatusCode.NotFound);

        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        Assert.Equal(99.99m, (await db.Expenses.SingleAsync(x => x.Id == id)).Amount);
        Assert.Equal(2, await db.OutboxEvents.CountAsync(x => x.WorkspaceId == ws.Id && x.EventType == "expense.updated"));
    }

    [Fact]
    public async Task Delete_removes_the_expense()
    {
        var ws = await factory.NewWorkspaceAsync();
        var id = await CreateAsync(ws.Owner, ws, "2024-01-10", await CategoryIdAsync(ws, "Travel"), null);
        var deleted = (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/expenses/{id}?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal("Expense deleted successfully", deleted.Message);
        Assert.Equal(JsonValueKind.Null, deleted.Data.ValueKind);
        Assert.Empty((await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/expenses/{id}?{ws.Q}")).Expect(HttpStatusCode.NotFound);

        // workspace_id in the body works too.
        var second = await CreateAsync(ws.Owner, ws, "2024-01-11", await CategoryIdAsync(ws, "Travel"), null);
        (await ws.Owner.Client.ApiDeleteAsync($"/api/v2/expenses/{second}", new { workspace_id = ws.Id })).Expect(HttpStatusCode.OK);
        await using var scope = factory.Scope();
        Assert.Equal(2, await factory.Db(scope).OutboxEvents.CountAsync(x => x.WorkspaceId == ws.Id && x.EventType == "expense.deleted"));
    }

    [Fact]
    public async Task Staff_keep_their_own_expenses_and_viewers_are_refused()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var travel = await CategoryIdAsync(ws, "Travel");
        var owners = await CreateAsync(ws.Owner, ws, "2024-01-10", travel, null);

        var mine = (await member.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Taxi", date = "2024-01-11", amount = 10, category_id = travel,
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal(member.Id, mine.GetProperty("user_id").GetInt64());
        var mineId = mine.GetProperty("id").GetString();
        (await member.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Taxi", date = "2024-01-11", amount = 10, category_id = travel, user_id = ws.Owner.Id,
        })).Expect(HttpStatusCode.Forbidden);

        var seen = (await member.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(mineId, Assert.Single(seen.Data.EnumerateArray()).GetProperty("id").GetString());
        (await member.Client.ApiPutAsync($"/api/v2/expenses/{owners}", new { workspace_id = ws.Id, amount = 1m })).Expect(HttpStatusCode.NotFound);
        (await member.Client.ApiDeleteAsync($"/api/v2/expenses/{owners}?{ws.Q}")).Expect(HttpStatusCode.NotFound);
        (await member.Client.ApiPutAsync($"/api/v2/expenses/{mineId}", new { workspace_id = ws.Id, amount = 11m })).Expect(HttpStatusCode.OK);
        (await member.Client.ApiPostAsync("/api/v2/expenses/categories", new { workspace_id = ws.Id, name = "Gifts" })).Expect(HttpStatusCode.Forbidden);
        (await member.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.OK);

        // Managers record expenses for a member.
        var forMember = (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Hotel", date = "2024-01-12", amount = 80, category_id = travel, user_id = member.Id,
        })).Expect(HttpStatusCode.Created).Data;
        Assert.Equal(member.Id, forMember.GetProperty("user_id").GetInt64());

        (await viewer.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Taxi", date = "2024-01-11", amount = 10, category_id = travel,
        })).Expect(HttpStatusCode.Forbidden);
        (await viewer.Client.ApiDeleteAsync($"/api/v2/expenses/{owners}?{ws.Q}")).Expect(HttpStatusCode.Forbidden);
        await using var scope = factory.Scope();
        Assert.True(await factory.Db(scope).Expenses.AnyAsync(x => x.Id == owners));
    }

    [Fact]
    public async Task Another_workspaces_expense_is_not_found_and_unchanged()
    {
        var ws = await factory.NewWorkspaceAsync();
        var other = await factory.NewWorkspaceAsync();
        var id = await CreateAsync(ws.Owner, ws, "2024-01-10", await CategoryIdAsync(ws, "Travel"), null);

        (await other.Owner.Client.ApiPutAsync($"/api/v2/expenses/{id}", new { workspace_id = other.Id, amount = 1m })).Expect(HttpStatusCode.NotFound);
        (await other.Owner.Client.ApiDeleteAsync($"/api/v2/expenses/{id}?{other.Q}")).Expect(HttpStatusCode.NotFound);
        Assert.Empty((await other.Owner.Client.ApiGetAsync($"/api/v2/expenses?{other.Q}&id={id}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());
        (await other.Owner.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}")).Expect(HttpStatusCode.Forbidden);

        await using var scope = factory.Scope();
        var stored = await factory.Db(scope).Expenses.SingleAsync(x => x.Id == id);
        Assert.Equal(10m, stored.Amount);
    }

    [Fact]
    public async Task Categories_are_seeded_listed_and_managed()
    {
        var ws = await factory.NewWorkspaceAsync();
        var list = (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.OK);
        Assert.Equal(["Equipment", "Meals", "Office Supplies", "Other", "Software", "Travel"],
            list.Data.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList());
        Assert.True(Guid.TryParse(list.Data[0].GetProperty("id").GetString(), out _));
        Assert.Equal(6, list.Pagination.GetProperty("total").GetInt32());

        var created = (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses/categories", new { workspace_id = ws.Id, name = " Training " }))
            .Expect(HttpStatusCode.Created);
        Assert.Equal("Expense category created successfully", created.Message);
        Assert.Equal("Training", created.Data.GetProperty("name").GetString());
        (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses/categories", new { workspace_id = ws.Id, name = "training" })).ExpectInvalid("name");
        (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses/categories", new { workspace_id = ws.Id })).ExpectInvalid("name");
        (await ws.Owner.Client.ApiPostAsync("/api/v2/expenses/categories", new { workspace_id = ws.Id, name = new string('x', 101) })).ExpectInvalid("name");

        var paged = (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}&per_page=5&page=2")).Expect(HttpStatusCode.OK);
        Assert.Equal(2, paged.Data.GetArrayLength());
        Assert.Equal(7, paged.Pagination.GetProperty("total").GetInt32());
        await CreateAsync(ws.Owner, ws, "2024-01-10", created.Data.GetProperty("id").GetString()!, null);
    }

    private static async Task<string> CategoryIdAsync(TestWorkspace ws, string name)
    {
        var response = (await ws.Owner.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.OK);
        return response.Data.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
    }

    private async Task<long> ProjectAsync(long workspaceId, string name)
    {
        await using var scope = factory.Scope();
        var db = factory.Db(scope);
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var project = new Project { WorkspaceId = workspaceId, Name = name, CreatedAt = now, UpdatedAt = now };
        db.Projects.Add(project);
        await db.SaveChangesAsync();
        return project.Id;
    }

    private static async Task<string> CreateAsync(TestUser caller, TestWorkspace ws, string date, string category, long? project, long? userId = null)
    {
        var response = (await caller.Client.ApiPostAsync("/api/v2/expenses", new
        {
            workspace_id = ws.Id, expense_name = "Taxi", date, amount = 10, category_id = category, project_id = project, user_id = userId,
        })).Expect(HttpStatusCode.Created);
        return response.Data.GetProperty("id").GetString()!;
    }
}
