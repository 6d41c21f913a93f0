using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

internal sealed class ProjectTagConfiguration : IEntityTypeConfiguration<ProjectTag>
{
    public void Configure(EntityTypeBuilder<ProjectTag> b)
    {
        b.HasIndex(t => t.ProjectId);
        b.Property(t => t.Name).HasMaxLength(50);
        b.Property(t => t.Color).HasMaxLength(7);
        b.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProjectViewerAssignmentConfiguration : IEntityTypeConfiguration<ProjectViewerAssignment>
{
    public void Configure(EntityTypeBuilder<ProjectViewerAssignment> b)
    {
        b.HasIndex(a => new { a.ProjectId, a.UserId }).IsUnique();
        b.HasIndex(a => new { a.WorkspaceId, a.UserId });
        b.HasOne(a => a.Project).WithMany().HasForeignKey(a => a.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>The contract rule the database guards: one live (not deleted) contract per member and project.</summary>
internal sealed class ContractRulesConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b) =>
        b.HasIndex(c => new { c.ProjectId, c.UserId }).IsUnique().HasFilter("\"DeletedAt\" IS NULL")
            .HasDatabaseName("IX_Contracts_OneLivePerMemberAndProject");
}

internal sealed class ProjectTaskRulesConfiguration : IEntityTypeConfiguration<ProjectTask>
{
    public void Configure(EntityTypeBuilder<ProjectTask> b) =>
        b.HasOne<ProjectTask>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
}
