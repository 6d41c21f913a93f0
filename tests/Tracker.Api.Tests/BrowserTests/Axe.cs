using System.Text.Json;
using OpenQA.Selenium;

namespace Tracker.Api.Tests.BrowserTests;

/// <summary>axe-core (pinned in tests/axe/package.json), injected into the open page; serious and critical violations fail.</summary>
public static class Axe
{
    public static readonly string ScriptPath = Path.Combine(RepositoryRoot(), "tests", "axe", "node_modules", "axe-core", "axe.min.js");
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(ScriptPath));

    // WebDriver's scripts run outside the page's Content-Security-Policy, so the pages keep theirs.
    private const string Run = """
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] }).then(
          r => done(JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\s+/g, ' '))
          })))),
          e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));
        """;

    /// <summary>Fails with every serious or critical violation on the page as it is now.</summary>
    public static void AssertNoSeriousViolations(IWebDriver driver)
    {
        var js = (IJavaScriptExecutor)driver;
        if (js.ExecuteScript("return typeof axe") as string != "object") js.ExecuteScript(Script.Value);
        var json = js.ExecuteAsyncScript(Run) as string ?? throw new InvalidOperationException("axe returned nothing");
        var violations = JsonSerializer.Deserialize<List<Violation>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.True(violations.Count == 0, $"axe on {driver.Url} at {driver.Manage().Window.Size.Width} px:\n" + string.Join("\n",
            violations.Select(v => $"- {v.Impact} {v.Id}: {v.Help}\n    " + string.Join("\n    ", v.Nodes))));
    }

    private sealed record Violation(string Id, string Impact, string Help, string[] Nodes);

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Tracker.slnx"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Tracker.slnx not found above " + AppContext.BaseDirectory);
    }
}
