using Tracker.Client;

namespace Tracker.Cli;

/// <summary>
/// One command's connection: the config (TRACKER_SERVER/TRACKER_TOKEN override it), a client, and the workspace and
/// user the command acts in: --workspace, else the saved default, else the only workspace the account has.
/// </summary>
internal sealed class Session : IDisposable
{
    private readonly TrackerClient _client;
    private readonly CliContext _context;
    private readonly long? _workspace;
    private List<WorkspaceRow>? _workspaces;

    public Session(CliContext context, long? workspace)
    {
        _context = context;
        var config = CliConfig.Load(context.ConfigFolder);
        var server = context.Environment("TRACKER_SERVER") ?? config.Server
                     ?? throw new UsageException("Not signed in: run `tracker login --server URL` (or set TRACKER_SERVER and TRACKER_TOKEN).");
        var baseUrl = new Uri(server);
        var options = new TrackerClientOptions { InnerHandler = context.Handler, Clock = context.Clock };
        var token = context.Environment("TRACKER_TOKEN") ?? config.Token;
        if (token is null && config.OAuth is { } oauth && config.ClientId is { } clientId)
        {
            var session = new OAuthSession(baseUrl, clientId, config.ClientSecret, oauth, context.Handler, context.Clock);
            // A refreshed pair is saved at once: the old refresh token is spent.
            session.Refreshed += fresh => { config.OAuth = fresh; config.Save(context.ConfigFolder); };
            _client = TrackerClient.WithOAuth(baseUrl, session, options);
        }
        else
        {
            _client = TrackerClient.WithToken(baseUrl, token ?? throw new UsageException("No token: run `tracker login` or set TRACKER_TOKEN."), options);
        }
        _workspace = workspace ?? config.WorkspaceId;
        Api = new Api(_client);
    }

    public Api Api { get; }

    public async Task<List<WorkspaceRow>> WorkspacesAsync(CancellationToken ct) => _workspaces ??= await Api.WorkspacesAsync(ct);

    /// <summary>The workspace the command acts in, and the signed-in user's id there.</summary>
    public async Task<WorkspaceRow> WorkspaceAsync(CancellationToken ct)
    {
        var all = await WorkspacesAsync(ct);
        if (_workspace is { } id)
            return all.FirstOrDefault(w => w.Id == id) ?? throw new UsageException($"Workspace {id} is not one of yours (see `tracker workspaces`).");
        return all.Count == 1 ? all[0]
            : throw new UsageException("Several workspaces: pass --workspace ID or run `tracker login --workspace ID` (see `tracker workspaces`).");
    }

    /// <summary>A project by id or by (case-insensitive) name.</summary>
    public async Task<ProjectRow> ProjectAsync(long ws, string nameOrId, CancellationToken ct)
    {
        var byId = long.TryParse(nameOrId, out var id);
        await foreach (var p in Api.ProjectsAsync(ws, byId ? null : nameOrId, ct))
            if (byId ? p.Id == id : string.Equals(p.Name, nameOrId, StringComparison.OrdinalIgnoreCase)) return p;
        throw new UsageException($"No project '{nameOrId}' (see `tracker projects`).");
    }

    public async Task<long> TaskIdAsync(long ws, long? projectId, string nameOrId, CancellationToken ct)
    {
        var tasks = await Api.TasksAsync(ws, projectId, ct);
        var byId = long.TryParse(nameOrId, out var id);
        var match = tasks.Where(t => byId ? t.Id == id : string.Equals(t.Title, nameOrId, StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count == 1 ? match[0].Id
            : throw new UsageException(match.Count == 0 ? $"No task '{nameOrId}'." : $"Several tasks are called '{nameOrId}': use the id.");
    }

    /// <summary>The contract of the signed-in user on the project given by --project, or null without one.</summary>
    public async Task<(long? ContractId, long? ProjectId)> ContractAsync(WorkspaceRow ws, string? project, CancellationToken ct)
    {
        if (project is null) return (null, null);
        var p = await ProjectAsync(ws.Id, project, ct);
        var contract = await Api.ContractIdAsync(ws.Id, ws.UserId, p.Id, ct)
                       ?? throw new UsageException($"You have no contract on project '{p.Name}'.");
        return (contract, p.Id);
    }

    public DateOnly Today => DateOnly.FromDateTime(_context.Clock.GetLocalNow().DateTime);

    public void Dispose() => _client.Dispose();
}
