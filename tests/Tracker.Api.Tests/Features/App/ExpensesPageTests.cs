using System.Net;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>Expenses (/app/expenses): adding one through the API, the API's refusals, and only the person's own.</summary>
public class ExpensesPageTests(TrackerFactory factory) : IClassFixture<TrackerFactory>
{
    private const string Page = "/app/expenses";

    [Fact]
    public async Task A_member_adds_an_expense_and_sees_it_listed()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);
        var html = await browser.GetStringAsync(Page);
        Assert.Contains(">Travel</option>", html);
        Assert.Contains("No expenses yet.", AppForms.Text(html));

        var sent = await browser.PostAsync(Page, "expense", new Dictionary<string, string>
        {
            ["Expense.Name"] = "Train tickets", ["Expense.Category"] = await CategoryIdAsync(ws, member, "Travel"),
            ["Expense.Amount"] = "150.50", ["Expense.Currency"] = "eur", ["Expense.Date"] = "2026-01-06",
        });
        Assert.True(sent.StatusCode == HttpStatusCode.Redirect, AppForms.Text(await sent.Content.ReadAsStringAsync()));
        var expense = (await member.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK).Data[0];
        Assert.Equal("Train tickets", expense.GetProperty("expense_name").GetString());
        Assert.Equal(150.5m, expense.GetProperty("amount").GetDecimal());
        Assert.Equal("EUR", expense.GetProperty("currency").GetString());
        Assert.Contains("Train tickets Travel 150.50 EUR", AppForms.Text(await browser.GetStringAsync(Page)));
    }

    [Fact]
    public async Task A_refused_expense_shows_the_field_the_API_names_and_adds_nothing()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);
        var refused = await browser.PostAsync(Page, "expense", new Dictionary<string, string>
        {
            ["Expense.Name"] = "Lunch", ["Expense.Category"] = await CategoryIdAsync(ws, member, "Meals"),
            ["Expense.Amount"] = "12.345", ["Expense.Currency"] = "USD", ["Expense.Date"] = "2026-01-06",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var text = AppForms.Text(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The amount field must have at most 2 decimal places.", text);
        Assert.Contains("value=\"Lunch\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, (await member.Client.ApiGetAsync($"/api/v2/expenses?{ws.Q}&user_id={member.Id}")).Expect(HttpStatusCode.OK).Data.GetArrayLength());
    }

    [Fact]
    public async Task A_regular_user_does_not_see_another_members_expense()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        (await ws.Owner.Client.ApiPostAsync($"/api/v2/expenses?{ws.Q}", new
        {
            expense_name = "Owner only dinner", amount = 80m, date = "2026-01-06", category_id = await CategoryIdAsync(ws, ws.Owner, "Meals"),
        })).Expect(HttpStatusCode.Created);
        Assert.Contains("Owner only dinner", await (await Browser.SignedInAsync(factory, ws.Owner.Email)).GetStringAsync(Page));

        var html = await (await Browser.SignedInAsync(factory, member.Email)).GetStringAsync(Page);
        Assert.DoesNotContain("Owner only dinner", html);
        Assert.Contains("No expenses yet.", AppForms.Text(html));
    }

    [Fact]
    public async Task A_project_viewer_reads_the_APIs_refusal_and_gets_no_form()
    {
        var ws = await factory.NewWorkspaceAsync();
        var viewer = await ws.AddMemberAsync(Roles.ProjectViewer);
        var html = await (await Browser.SignedInAsync(factory, viewer.Email)).GetStringAsync(Page);
        Assert.Contains("Not allowed:", AppForms.Text(html));
        Assert.DoesNotContain("name=\"_handler\" value=\"expense\"", html);
    }

    private static async Task<string> CategoryIdAsync(TestWorkspace ws, TestUser user, string name) =>
        (await user.Client.ApiGetAsync($"/api/v2/expenses/categories?{ws.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == name).GetProperty("id").GetString()!;
}
