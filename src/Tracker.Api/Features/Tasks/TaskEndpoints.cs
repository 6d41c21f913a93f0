using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Paging;
using Tracker.Api.Infrastructure.Tenancy;
using static Tracker.Api.Infrastructure.Paging.PagingExtensions;
using PageQuery = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, long?, long, long, int?, int?, long?, int, int,
    System.Collections.Generic.IAsyncEnumerable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Tasks.TaskResponse>>>;
using PageSource = System.Func<Tracker.Api.Infrastructure.Data.TrackerDbContext, long, long?, long?, long, long, int?, int?, long?, int, int,
    System.Linq.IQueryable<Tracker.Api.Infrastructure.Paging.PagingExtensions.CountedRow<Tracker.Api.Features.Tasks.TaskResponse>>>;

namespace Tracker.Api.Features.Tasks;

public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/tasks").WithTags("Tasks");
        group.MapGet("/", ListAsync).WithName("getTasks").WithSummary("Get All Project Tasks").ReadsFromReplica();
        group.MapPost("/", SaveTask.CreateAsync).WithName("createTask").WithSummary("Create New Task").RequireWorkspaceRole(Roles.Managers);
        group.MapGet("/{taskId:long}", GetAsync).WithName("getTask").WithSummary("Get Single Task");
        group.MapPut("/{taskId:long}", SaveTask.UpdateAsync).WithName("updateTask").WithSummary("Update Task").RequireWorkspaceRole(Roles.Managers);
        group.MapDelete("/{taskId:long}", TaskActions.DeleteAsync).WithName("deleteTask").WithSummary("Delete Task").RequireWorkspaceRole(Roles.Managers);
        group.MapPost("/{taskId:long}/assign/{userId:long}", TaskActions.AssignAsync).WithName("assignTask").WithSummary("Assign Task to User").RequireWorkspaceRole(Roles.Managers);
        group.MapDelete("/{taskId:long}/unassign/{userId:long}", TaskActions.UnassignAsync).WithName("unassignTask").WithSummary("Unassign Task from User").RequireWorkspaceRole(Roles.Managers);
        group.MapGet("/{taskId:long}/assignees", AssigneesAsync).WithName("getTaskAssignees").WithSummary("Get Task Assignees").ReadsFromReplica();
        return api;
    }

    /// <summary>
    /// Task <c>t</c> is in the workspace, live unless <c>withDeleted</c> (a sync), on a project the reader sees
    /// (<see cref="ProjectAccess.Sees"/>).
    /// </summary>
    private static readonly Expression<Func<TrackerDbContext, ProjectTask, long, long?, long?, bool, bool>> Sees =
        (db, t, workspaceId, viewer, holder, withDeleted) => t.WorkspaceId == workspaceId && (withDeleted || t.DeletedAt == null)
            && db.Projects.Any(p => p.Id == t.ProjectId && ProjectAccess.Sees.Invoke(db, p, workspaceId, viewer, holder, withDeleted));

    internal static IQueryable<ProjectTask> VisibleTasks(this TrackerDbContext db, WorkspaceScope scope, bool withDeleted = false)
    {
        var (workspaceId, (viewer, holder)) = (scope.WorkspaceId, ProjectAccess.ReaderOf(scope));
        return db.Tasks.Where(QueryRules.Inline((ProjectTask t) => Sees.Invoke(db, t, workspaceId, viewer, holder, withDeleted)));
    }

    private static Expression<Func<ProjectTask, TaskResponse>> Projection(TrackerDbContext db, WorkspaceScope scope)
    {
        var (workspaceId, ownerId) = (scope.WorkspaceId, scope.OwnerId);
        return QueryRules.Inline((ProjectTask t) => TaskResponse.Projection.Invoke(db, t, workspaceId, ownerId));
    }

    /// <summary>One visible task; 404 when foreign, deleted, not visible, or not in <paramref name="projectId"/> when that is given.</summary>
    internal static async Task<ProjectTask> FindVisibleTaskAsync(
        this TrackerDbContext db, WorkspaceScope scope, long taskId, long? projectId, CancellationToken ct) =>
        await db.VisibleTasks(scope).FirstOrDefaultAsync(t => t.Id == taskId && (projectId == null || t.ProjectId == projectId), ct)
        ?? throw ApiException.NotFound("Task");

    /// <summary>
    /// Tasks of one project, named by <c>project_id</c> or (generation A) by <c>contract_id</c>. <c>status</c> takes
    /// any code (custom codes just match nothing here); <c>priority</c> only the four codes. A sync (<c>updated_since</c>)
    /// needs no project: it answers the changed tasks of every project the caller may see.
    /// </summary>
    private static async Task<EnvelopeResult<IReadOnlyList<TaskResponse>>> ListAsync(
        WorkspaceScope scope, PageRequest paging, TrackerDbContext db, TaskListQuery filter, SyncQuery sync, CancellationToken ct)
    {
        var (projectId, contractId, status, priority, parentId, orderBy) = filter;
        var v = new Validator().OneOf("priority", priority, TaskPriorities.All).OneOf("order_by", orderBy, ["asc", "desc"]);
        if (projectId is null && contractId is null && sync.UpdatedSince is null) v.Add("project_id", "The project id field is required when contract id is not present.");
        v.ThrowIfInvalid();

        if (contractId is not null)
        {
            var contractProject = await db.Contracts.AsNoTracking()
                .Where(c => c.Id == contractId && c.WorkspaceId == scope.WorkspaceId && c.DeletedAt == null)
                .Select(c => (long?)c.ProjectId).FirstOrDefaultAsync(ct);
            if (contractProject is null || (projectId is not null && projectId != contractProject)) throw ApiException.NotFound("Contract");
            projectId = contractProject;
        }
        var descending = string.Equals(orderBy, "desc", StringComparison.OrdinalIgnoreCase);
        var page = projectId is { } project && sync.UpdatedSince is null && !sync.WithDeleted
            ? await CompiledPageAsync(db, scope, paging, descending, project, status, priority, parentId, ct)
            : await LinqPageAsync(db, scope, paging, sync, descending, projectId, status, priority, parentId, ct);
        // A task on the page already shows that its project is visible (VisibleTasks); only an empty page asks whether
        // the project itself is (404) or merely has no such tasks. One round trip fewer for a list that has rows.
        if (projectId is not null && page.Items.Count == 0 && !await db.VisibleProjects(scope, sync.WithDeleted).AnyAsync(p => p.Id == projectId, ct))
            throw ApiException.NotFound("Project");
        return ApiResults.Page(page, "Tasks retrieved successfully");
    }

    private static Task<Page<TaskResponse>> CompiledPageAsync(TrackerDbContext db, WorkspaceScope scope, PageRequest paging, bool descending,
        long projectId, int? status, int? priority, long? parentId, CancellationToken ct)
    {
        var (viewer, holder) = ProjectAccess.ReaderOf(scope);
        var pageQuery = PageQueries[descending ? 1 : 0];
        Func<int, int, IAsyncEnumerable<CountedRow<TaskResponse>>> compiled = (skip, take) =>
            pageQuery(db, scope.WorkspaceId, viewer, holder, scope.OwnerId, projectId, status, priority, parentId, skip, take);
        return compiled.ToPageAsync(paging, ct);
    }

    /// <summary>A sync, or every project's tasks: an ordinary LINQ query.</summary>
    private static Task<Page<TaskResponse>> LinqPageAsync(TrackerDbContext db, WorkspaceScope scope, PageRequest paging, SyncQuery sync,
        bool descending, long? projectId, int? status, int? priority, long? parentId, CancellationToken ct)
    {
        var query = db.VisibleTasks(scope, sync.WithDeleted).AsNoTracking();
        if (projectId is not null) query = query.Where(t => t.ProjectId == projectId);
        if (status is not null) query = query.Where(t => t.Status == status);
        if (priority is not null) query = query.Where(t => t.Priority == priority);
        if (parentId is not null) query = query.Where(t => t.ParentId == parentId);
        return query.InSyncOrder(sync, t => t.Id, q => descending ? q.OrderByDescending(t => t.Id) : q.OrderBy(t => t.Id))
            .Select(Projection(db, scope)).ToPageAsync(paging, ct);
    }

    private static readonly Expression<Func<IQueryable<ProjectTask>, IQueryable<ProjectTask>>> Ascending = q => q.OrderBy(t => t.Id);
    private static readonly Expression<Func<IQueryable<ProjectTask>, IQueryable<ProjectTask>>> Descending = q => q.OrderByDescending(t => t.Id);

    /// <summary>
    /// One project's list without a sync (what a client reads) is compiled once per order, like the members list
    /// (docs/decisions.md, "Compiled members list"): null filters and reader parts drop out of the SQL. The count
    /// repeats the filter (a compiled query cannot share a sub-expression that uses its parameters).
    /// </summary>
    /// <remarks>Below the rules it inlines: static fields are set in the order they are written.</remarks>
    private static readonly PageQuery[] PageQueries = [Compile(descending: false), Compile(descending: true)];

    private static PageQuery Compile(bool descending)
    {
        var order = descending ? Descending : Ascending;
        return EF.CompileAsyncQuery(QueryRules.Inline<PageSource>(
            (db, workspaceId, viewer, holder, ownerId, projectId, status, priority, parentId, skip, take) =>
                order.Invoke(db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId && (status == null || t.Status == status)
                        && (priority == null || t.Priority == priority) && (parentId == null || t.ParentId == parentId)
                        && Sees.Invoke(db, t, workspaceId, viewer, holder, false)))
                    .Skip(skip).Take(take)
                    .Select(t => TaskResponse.Projection.Invoke(db, t, workspaceId, ownerId))
                    .Select(item => new CountedRow<TaskResponse>(item, db.Tasks.Count(t => t.ProjectId == projectId
                        && (status == null || t.Status == status) && (priority == null || t.Priority == priority)
                        && (parentId == null || t.ParentId == parentId) && Sees.Invoke(db, t, workspaceId, viewer, holder, false))))));
    }

    private static async Task<EnvelopeResult<TaskResponse>> GetAsync(
        long taskId, WorkspaceScope scope, TrackerDbContext db, ProjectIdQuery query, CancellationToken ct) =>
        ApiResults.Ok(await ReadAsync(db, scope, taskId, query.ProjectId, ct), "Task retrieved successfully");

    private static async Task<EnvelopeResult<List<TaskAssigneeResponse>>> AssigneesAsync(
        long taskId, WorkspaceScope scope, TrackerDbContext db, ProjectIdQuery query, CancellationToken ct)
    {
        var task = await ReadAsync(db, scope, taskId, query.ProjectId, ct);
        return ApiResults.Ok(task.Assignees, "Task assignees retrieved successfully");
    }

    internal static async Task<TaskResponse> ReadAsync(TrackerDbContext db, WorkspaceScope scope, long taskId, long? projectId, CancellationToken ct) =>
        await db.VisibleTasks(scope).AsNoTracking().Where(t => t.Id == taskId && (projectId == null || t.ProjectId == projectId))
            .Select(Projection(db, scope)).FirstOrDefaultAsync(ct)
        ?? throw ApiException.NotFound("Task");
}

/// <summary>The filters of GET /tasks.</summary>
public sealed record TaskListQuery(long? ProjectId, long? ContractId, int? Status, int? Priority, long? ParentId, string? OrderBy) : IQueryRecord
{
    public static ValueTask<TaskListQuery?> BindAsync(HttpContext context) => QueryRecords.Bind<TaskListQuery>(context);
}

