using System.Net;
using Tracker.Api.Tests.Infrastructure;

namespace Tracker.Api.Tests.Features.Projects;

/// <summary>Arranges projects, contracts and tasks through the API as the workspace owner.</summary>
public static class CoreSetup
{
    public static async Task<long> CreateProjectAsync(this TestWorkspace ws, string name = "Project", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["workspace_id"] = ws.Id, ["name"] = name };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var response = (await ws.Owner.Client.ApiPostAsync("/api/v2/projects", body)).Expect(HttpStatusCode.Created);
        return response.Data.GetProperty("id").GetInt64();
    }

    public static async Task<long> CreateContractAsync(this TestWorkspace ws, long projectId, long userId, decimal? rate = null)
    {
        var response = (await ws.Owner.Client.ApiPostAsync($"/api/v2/contracts?{ws.Q}",
            new { project_id = projectId, user_id = userId, rate })).Expect(HttpStatusCode.Created);
        return response.Data.GetProperty("id").GetInt64();
    }

    public static async Task<long> CreateTaskAsync(this TestWorkspace ws, long projectId, string title = "Task", object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["workspace_id"] = ws.Id, ["project_id"] = projectId, ["title"] = title };
        if (extra is not null)
            foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var response = (await ws.Owner.Client.ApiPostAsync("/api/v2/tasks", body)).Expect(HttpStatusCode.Created);
        return response.Data.GetProperty("id").GetInt64();
    }

    public static List<long> Ids(this ApiResponse response) =>
        response.Data.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
}
