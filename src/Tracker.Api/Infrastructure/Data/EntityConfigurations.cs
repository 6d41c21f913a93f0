using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> b)
    {
        b.HasIndex(u => u.NormalizedEmail).IsUnique();
        b.Property(u => u.Email).HasMaxLength(254);
        b.Property(u => u.NormalizedEmail).HasMaxLength(254);
        b.Property(u => u.FirstName).HasMaxLength(100);
        b.Property(u => u.LastName).HasMaxLength(100);
        b.Property(u => u.Timezone).HasMaxLength(64);
        // Setting a password is conditional on the one read: two invitation links racing for a new account cannot both set it.
        b.Property(u => u.PasswordHash).IsConcurrencyToken();
    }
}

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> b) => b.Property(w => w.Name).HasMaxLength(200);
}

internal sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        // One membership per user and workspace: concurrent invites of one email cannot both land.
        b.HasIndex(m => new { m.WorkspaceId, m.UserId }).IsUnique();
        b.HasIndex(m => m.UserId);
        b.HasIndex(m => m.InvitationTokenHash);
        b.Property(m => m.Role).HasMaxLength(32);
        b.Property(m => m.Status).HasMaxLength(16);
        b.Property(m => m.InvitedFirstName).HasMaxLength(100);
        b.Property(m => m.InvitedLastName).HasMaxLength(100);
        // Accepting is conditional on the token read: two requests with one link cannot both use it.
        b.Property(m => m.InvitationTokenHash).IsConcurrencyToken();
        b.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(m => m.Workspace).WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> b)
    {
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => t.UserId);
        b.Property(t => t.Name).HasMaxLength(100);
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> b)
    {
        b.HasIndex(p => new { p.WorkspaceId, p.Id });
        b.Property(p => p.Name).HasMaxLength(255);
        b.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectTaskConfiguration : IEntityTypeConfiguration<ProjectTask>
{
    public void Configure(EntityTypeBuilder<ProjectTask> b)
    {
        b.HasIndex(t => new { t.WorkspaceId, t.ProjectId });
        b.Property(t => t.Title).HasMaxLength(255);
        b.HasOne(t => t.Project).WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(t => t.Assignees).WithOne().HasForeignKey(a => a.TaskId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TaskAssigneeConfiguration : IEntityTypeConfiguration<TaskAssignee>
{
    public void Configure(EntityTypeBuilder<TaskAssignee> b)
    {
        // A surrogate id because assign answers with one; the pair stays unique so assigning twice cannot duplicate.
        b.HasKey(a => a.Id);
        b.HasIndex(a => new { a.TaskId, a.UserId }).IsUnique();
        b.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.HasIndex(c => new { c.WorkspaceId, c.ProjectId, c.UserId });
        // The list's order within a workspace: a page is read in order and the read stops. Without it SQLite read and
        // sorted every contract of the workspace for each page (its list at 55% of its baseline; bench, issue 20).
        b.HasIndex(c => new { c.WorkspaceId, c.Id });
        b.Property(c => c.Status).HasMaxLength(16);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.HasOne(c => c.Project).WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> b)
    {
        b.Property(e => e.Id).HasMaxLength(36);
        b.Property(e => e.EventType).HasMaxLength(64);
        b.HasIndex(e => new { e.DispatchedAt, e.OccurredAt });
    }
}

internal sealed class TimeEntryConfiguration : IEntityTypeConfiguration<TimeEntry>
{
    public void Configure(EntityTypeBuilder<TimeEntry> b)
    {
        b.Property(e => e.Id).HasMaxLength(36);
        b.Property(e => e.Method).HasMaxLength(32);
        b.Property(e => e.ActivityDescription).HasMaxLength(1000);
        // Every update of an entry is conditional on its stored end: a stop (running → ended) and an edit of the same
        // entry cannot both win, and stopping needs no read inside its transaction.
        b.Property(e => e.EndedAt).IsConcurrencyToken();
        // At most one running entry per member: enforced by the database, so concurrent starts cannot both win. A
        // deleted entry is kept as sync's tombstone and no longer runs.
        b.HasIndex(e => new { e.WorkspaceId, e.UserId }).IsUnique().HasFilter("\"EndedAt\" IS NULL AND \"DeletedAt\" IS NULL").HasDatabaseName("IX_TimeEntries_OneRunning");
        b.HasIndex(e => new { e.WorkspaceId, e.UserId, e.StartedAt });
        b.HasIndex(e => new { e.WorkspaceId, e.StartedAt });
        // An imported row lands once per workspace: the same file imported twice (or concurrently) creates nothing new.
        b.Property(e => e.ImportFingerprint).HasMaxLength(64);
        b.HasIndex(e => new { e.WorkspaceId, e.ImportFingerprint }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProjectTask>().WithMany().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contract>().WithMany().HasForeignKey(e => e.ContractId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
        b.Property(r => r.Key).HasMaxLength(255);
        b.Property(r => r.RequestHash).HasMaxLength(64);
    }
}
