using System.Net;
using System.Net.Http.Headers;
using Tracker.Api.Domain;
using Tracker.Api.Tests.Features.Exports;
using Tracker.Api.Tests.Features.Time;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.App;

/// <summary>The import and export page (/app/data): the download and the upload go through the API with the person's rights.</summary>
[Collection(SharedHost.Api)]
public class DataPageTests(TrackerFactory factory)
{
    [Fact]
    public async Task An_owner_downloads_the_export_and_imports_one_as_a_dry_run_then_for_real()
    {
        var source = await factory.NewWorkspaceAsync();
        var member = await source.AddMemberAsync(Roles.RegularUser);
        var web = await source.AssignAsync(member.Id, "Website Redesign");
        await source.AddEntryAsync(member.Id, new DateTime(2026, 1, 2, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 2, 10, 0, 0, DateTimeKind.Utc));
        var browser = await Browser.SignedInAsync(factory, source.Owner.Email);

        var page = AppForms.Text(await browser.GetStringAsync("/app/data"));
        Assert.Contains("Download the export", page);
        var download = await browser.GetAsync("/app/data/export.zip");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/zip", download.Content.Headers.ContentType?.MediaType);
        var zip = await download.Content.ReadAsByteArrayAsync();
        var files = await ExportArchive.ReadAsync(zip);
        Assert.Contains("Website Redesign", files["projects.jsonl"]);
        Assert.Single(ExportArchive.Lines(files["time_entries.jsonl"]));
        Assert.NotEqual(0, web.ProjectId);

        var target = await factory.NewWorkspaceAsync();
        var importer = await Browser.SignedInAsync(factory, target.Owner.Email);
        var dry = AppForms.Text(await (await PostImportAsync(importer, zip, "tracker", dryRun: true)).Content.ReadAsStringAsync());
        Assert.Contains("Dry run of the import", dry);
        Assert.Contains("Time entries created 1", dry);
        Assert.Contains("Members invited 2", dry);
        Assert.Empty((await target.Owner.Client.ApiGetAsync($"/api/v2/projects?{target.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());

        var done = AppForms.Text(await (await PostImportAsync(importer, zip, "tracker", dryRun: false)).Content.ReadAsStringAsync());
        Assert.Contains("Import done", done);
        Assert.Contains("Projects created 1", done);
        Assert.Single((await target.Owner.Client.ApiGetAsync($"/api/v2/projects?{target.Q}")).Expect(HttpStatusCode.OK).Data.EnumerateArray());

        // A file the API cannot read: its message, on the page.
        var bad = AppForms.Text(await (await PostImportAsync(importer, "not a zip"u8.ToArray(), "tracker", dryRun: true)).Content.ReadAsStringAsync());
        Assert.Contains("Not a Tracker export: The file is not a zip archive.", bad);
    }

    [Fact]
    public async Task A_member_the_api_refuses_is_told_so_and_gets_no_file()
    {
        var ws = await factory.NewWorkspaceAsync();
        var member = await ws.AddMemberAsync(Roles.RegularUser);
        var browser = await Browser.SignedInAsync(factory, member.Email);

        var download = await browser.GetAsync("/app/data/export.zip");
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        Assert.Equal("/app/data?export=refused&status=403", download.Headers.Location?.OriginalString);
        Assert.Contains("The server refused the export", AppForms.Text(await browser.GetStringAsync("/app/data?export=refused&status=403")));

        var refused = AppForms.Text(await (await PostImportAsync(browser, "User,Email\n"u8.ToArray(), "toggl", dryRun: true)).Content.ReadAsStringAsync());
        Assert.Contains("Not allowed: You do not have permission to perform this action", refused);
    }

    /// <summary>The import form as a browser posts it: multipart, with the file, the source and the dry-run box.</summary>
    private static async Task<HttpResponseMessage> PostImportAsync(HttpClient browser, byte[] file, string source, bool dryRun)
    {
        var html = await browser.GetStringAsync("/app/data");
        Assert.Contains("name=\"_handler\" value=\"import\"", html);
        var form = new MultipartFormDataContent
        {
            { new StringContent("import"), "_handler" },
            { new StringContent(Forms.Fields(html)["__RequestVerificationToken"]), "__RequestVerificationToken" },
            { new StringContent(source), "Import.Source" },
            { new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "file", "export.zip" },
        };
        if (dryRun) form.Add(new StringContent("true"), "Import.DryRun");
        return await browser.PostAsync("/app/data", form);
    }
}
