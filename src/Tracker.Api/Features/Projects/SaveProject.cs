using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Tracker.Api.Domain;
using Tracker.Api.Domain.Events;
using Tracker.Api.Infrastructure.Data;
using Tracker.Api.Infrastructure.Events;
using Tracker.Api.Infrastructure.Http;
using Tracker.Api.Infrastructure.Tenancy;

namespace Tracker.Api.Features.Projects;

public sealed record ProjectTagInput(string? Name, string? Color);

/// <summary>
/// Body of create and update. <c>budget</c> is the contract's input name (answered as <c>budget_estimation</c>);
/// <c>budget_estimation</c> is accepted too. Fields after <c>icon</c> are the Project's other settings.
/// </summary>
public sealed record SaveProjectRequest(
    string? Name, string? StartDate, string? Deadline, decimal? Estimation, decimal? Budget, decimal? BudgetEstimation,
    string? Notes, string? Icon, bool? IsBillable, decimal? Rate, int? WeeklyHoursLimit, string? Screenshots,
    List<ProjectTagInput>? Tags);

/// <summary>POST /projects and PUT /projects/{projectId}: Owners and Executive managers only. Update is partial.</summary>
public static partial class SaveProject
{
    private const int MaxTags = 20;

    public static async Task<CreatedEnvelopeResult<ProjectResponse>> CreateAsync(
        SaveProjectRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock, CancellationToken ct)
    {
        var request = body ?? Empty;
        var v = new Validator().Required("name", request.Name);
        var (start, deadline) = Validate(v, request, null);
        v.ThrowIfInvalid();

        var now = clock.GetUtcNow().UtcDateTime;
        var project = new Project
        {
            WorkspaceId = scope.WorkspaceId, Name = request.Name!.Trim(), WeeklyHoursLimit = 168, CreatedAt = now,
        };
        Apply(project, request, start, deadline, scope);
        db.Projects.Add(project);

        await using var transaction = await SaveForIds.BeginAsync(db, ct); // the tags and the event need the id
        ReplaceTags(db, project, request.Tags, []);
        outbox.Record(scope.WorkspaceId, new ProjectCreated(project));
        await transaction.CommitAsync(ct);
        return ApiResults.Created(await ProjectEndpoints.ReadAsync(db, scope, project.Id, ct), "Project created successfully");
    }

    public static async Task<EnvelopeResult<ProjectResponse>> UpdateAsync(
        long projectId, SaveProjectRequest? body, WorkspaceScope scope, TrackerDbContext db, Outbox outbox, TimeProvider clock,
        CancellationToken ct)
    {
        var request = body ?? Empty;
        var project = await db.FindVisibleProjectAsync(scope, projectId, ct);
        var v = new Validator();
        if (request.Name is { } n && string.IsNullOrWhiteSpace(n)) v.Add("name", "The name field must not be empty.");
        var (start, deadline) = Validate(v, request, project);
        v.ThrowIfInvalid();

        if (request.Name is not null) project.Name = request.Name.Trim();
        Apply(project, request, start, deadline, scope);
        if (request.Tags is not null)
            ReplaceTags(db, project, request.Tags, await db.ProjectTags.Where(t => t.ProjectId == project.Id).ToListAsync(ct));
        outbox.Record(scope.WorkspaceId, new ProjectUpdated(project));
        await db.SaveChangesOrConflictAsync("The project was changed by a concurrent request.", ct);
        return ApiResults.Ok(await ProjectEndpoints.ReadAsync(db, scope, project.Id, ct), "Project updated successfully");
    }

    private static readonly SaveProjectRequest Empty = new(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /// <summary>Field rules shared by create and update; the deadline is checked against the resulting start date.</summary>
    private static (DateOnly? Start, DateOnly? Deadline) Validate(Validator v, SaveProjectRequest r, Project? existing)
    {
        v.MaxLength("name", r.Name, 255).MaxLength("notes", r.Notes, 10000).MaxLength("icon", r.Icon, 100)
            .Date("start_date", r.StartDate, out var start).Date("deadline", r.Deadline, out var deadline)
            .Range("estimation", r.Estimation, 0, 1_000_000).Range("budget", r.Budget ?? r.BudgetEstimation, 0, 1_000_000_000)
            .Range("rate", r.Rate, 0, 1_000_000).Range("weekly_hours_limit", r.WeeklyHoursLimit, 0, 168)
            .OneOf("screenshots", r.Screenshots, [.. ScreenshotModes.All, "blur"]);
        var effectiveStart = start ?? existing?.StartDate;
        var effectiveDeadline = deadline ?? existing?.Deadline;
        if (effectiveStart is not null && effectiveDeadline is not null && effectiveDeadline < effectiveStart && !v.Has("deadline"))
            v.Add("deadline", "The deadline field must be a date after or equal to start date.");
        if (r.Tags is { Count: > MaxTags }) v.Add("tags", $"The tags field must not have more than {MaxTags} items.");
        for (var i = 0; i < (r.Tags?.Count ?? 0); i++)
        {
            var tag = r.Tags![i];
            if (tag is null || string.IsNullOrWhiteSpace(tag.Name)) v.Add($"tags.{i}.name", "The tag name field is required.");
            else v.MaxLength($"tags.{i}.name", tag.Name, 50);
            if (tag?.Color is { } color && !HexColor().IsMatch(color)) v.Add($"tags.{i}.color", "The tag color must be a hex colour like #FF5733.");
        }
        return (start, deadline);
    }

    private static void Apply(Project project, SaveProjectRequest r, DateOnly? start, DateOnly? deadline, WorkspaceScope scope)
    {
        if (start is not null) project.StartDate = start;
        if (deadline is not null) project.Deadline = deadline;
        if (r.Estimation is not null) project.Estimation = r.Estimation;
        if ((r.Budget ?? r.BudgetEstimation) is { } budget) project.BudgetEstimation = budget;
        if (r.Notes is not null) project.Notes = r.Notes;
        if (r.Icon is not null) project.Icon = r.Icon;
        if (r.IsBillable is not null) project.IsBillable = r.IsBillable.Value;
        // Like contract rates: stored only when the caller may see rates, otherwise silently ignored.
        if (r.Rate is not null && scope.CanSeeRates) project.Rate = r.Rate;
        if (r.WeeklyHoursLimit is not null) project.WeeklyHoursLimit = r.WeeklyHoursLimit;
        if (r.Screenshots is not null)
        {
            var mode = r.Screenshots.Trim().ToLowerInvariant();
            project.Screenshots = mode == "blur" ? "blurred" : mode;
        }
    }

    private static void ReplaceTags(TrackerDbContext db, Project project, List<ProjectTagInput>? tags, List<ProjectTag> existing)
    {
        if (tags is null) return;
        db.ProjectTags.RemoveRange(existing);
        db.ProjectTags.AddRange(tags.Select(t => new ProjectTag
        {
            WorkspaceId = project.WorkspaceId, ProjectId = project.Id, Name = t.Name!.Trim(), Color = t.Color?.ToUpperInvariant(),
        }));
    }

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
