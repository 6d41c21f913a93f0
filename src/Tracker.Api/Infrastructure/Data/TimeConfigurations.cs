using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

internal sealed class TimesheetConfiguration : IEntityTypeConfiguration<Timesheet>
{
    public void Configure(EntityTypeBuilder<Timesheet> b)
    {
        b.Property(t => t.Id).HasMaxLength(36);
        b.Property(t => t.Status).HasMaxLength(16);
        b.Property(t => t.RejectReason).HasMaxLength(1000);
        b.Property(t => t.Version).IsConcurrencyToken();
        // One sheet per member and period: concurrent first entries of a week cannot create two.
        b.HasIndex(t => new { t.WorkspaceId, t.UserId, t.DateFrom }).IsUnique();
        b.HasIndex(t => new { t.WorkspaceId, t.Status });
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Workspace>().WithMany().HasForeignKey(t => t.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TimeRequestConfiguration : IEntityTypeConfiguration<TimeRequest>
{
    public void Configure(EntityTypeBuilder<TimeRequest> b)
    {
        b.Property(r => r.Id).HasMaxLength(36);
        b.Property(r => r.TimeEntryId).HasMaxLength(36);
        b.Property(r => r.Status).HasMaxLength(16);
        b.Property(r => r.Notes).HasMaxLength(1000);
        b.Property(r => r.Comment).HasMaxLength(1000);
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.WorkspaceId, r.Start });
        b.HasIndex(r => new { r.WorkspaceId, r.UserId, r.Status });
        b.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Contract>().WithMany().HasForeignKey(r => r.ContractId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ProjectTask>().WithMany().HasForeignKey(r => r.TaskId).OnDelete(DeleteBehavior.Restrict);
    }
}
