namespace Tracker.Api.Features.App.Layout;

/// <summary>The main navigation: one line per page that exists, in the order the issue lists them.</summary>
public static class AppNavigation
{
    public static readonly (string Href, string Label)[] Links =
    [
        ("/app", "Timer"),
        ("/app/week", "My week"),
        ("/app/leaves", "Leaves"),
        ("/app/expenses", "Expenses"),
        ("/app/approvals", "Approvals"),
        ("/app/reports", "Reports"),
        ("/app/team", "Team"),
        ("/app/projects", "Projects"),
        ("/app/webhooks", "Webhooks"),
        ("/app/data", "Import and export"),
        ("/app/settings", "Settings"),
    ];
}
