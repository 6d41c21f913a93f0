using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

internal sealed class LeavePolicyConfiguration : IEntityTypeConfiguration<LeavePolicy>
{
    public void Configure(EntityTypeBuilder<LeavePolicy> b)
    {
        // Unique names also make lazy seeding of the defaults safe when two first requests race.
        b.HasIndex(p => new { p.WorkspaceId, p.Name }).IsUnique();
        b.Property(p => p.Name).HasMaxLength(100);
        b.Property(p => p.TimeUnit).HasMaxLength(8);
        b.HasOne<Workspace>().WithMany().HasForeignKey(p => p.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaveRequestConfiguration : IEntityTypeConfiguration<LeaveRequest>
{
    public void Configure(EntityTypeBuilder<LeaveRequest> b)
    {
        b.Property(l => l.Id).HasMaxLength(36);
        b.Property(l => l.Status).HasMaxLength(16);
        b.Property(l => l.Note).HasMaxLength(1000);
        b.Property(l => l.RejectReason).HasMaxLength(1000);
        b.Property(l => l.TimeZone).HasMaxLength(64);
        b.HasIndex(l => new { l.WorkspaceId, l.UserId, l.StartDate });
        b.HasIndex(l => new { l.WorkspaceId, l.StartDate });
        b.HasOne<Workspace>().WithMany().HasForeignKey(l => l.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.User).WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.Policy).WithMany().HasForeignKey(l => l.PolicyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LeaveBalanceConfiguration : IEntityTypeConfiguration<LeaveBalance>
{
    public void Configure(EntityTypeBuilder<LeaveBalance> b)
    {
        b.HasIndex(x => new { x.WorkspaceId, x.UserId, x.PolicyId, x.Year }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LeavePolicy>().WithMany().HasForeignKey(x => x.PolicyId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExpenseCategoryConfiguration : IEntityTypeConfiguration<ExpenseCategory>
{
    public void Configure(EntityTypeBuilder<ExpenseCategory> b)
    {
        b.Property(c => c.Id).HasMaxLength(36);
        b.Property(c => c.Name).HasMaxLength(100);
        b.HasIndex(c => new { c.WorkspaceId, c.Name }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(c => c.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> b)
    {
        b.Property(e => e.Id).HasMaxLength(36);
        b.Property(e => e.CategoryId).HasMaxLength(36);
        b.Property(e => e.Name).HasMaxLength(255);
        b.Property(e => e.Note).HasMaxLength(2000);
        b.Property(e => e.Currency).HasMaxLength(3);
        b.Property(e => e.Amount).HasPrecision(18, 2);
        b.HasIndex(e => new { e.WorkspaceId, e.Date });
        b.HasIndex(e => new { e.WorkspaceId, e.UserId, e.Date });
        b.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(e => e.User).WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(e => e.Project).WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(e => e.Category).WithMany().HasForeignKey(e => e.CategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}
