using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Tracker.Api.Domain;

namespace Tracker.Api.Infrastructure.Data;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.Property(w => w.Id).HasMaxLength(32);
        b.Property(w => w.Url).HasMaxLength(2048);
        b.Property(w => w.Events).HasMaxLength(2048);
        b.Property(w => w.Secret).HasMaxLength(128);
        b.Property(w => w.Status).HasMaxLength(16);
        b.Property(w => w.DisabledReason).HasMaxLength(500);
        b.HasIndex(w => new { w.WorkspaceId, w.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(w => w.WorkspaceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.Id).HasMaxLength(40);
        b.Property(d => d.WebhookId).HasMaxLength(32);
        b.Property(d => d.OutboxEventId).HasMaxLength(36);
        b.Property(d => d.EventType).HasMaxLength(64);
        b.Property(d => d.Status).HasMaxLength(16);
        b.Property(d => d.LockedBy).HasMaxLength(64);
        b.Property(d => d.LastError).HasMaxLength(500);
        // One delivery per event and webhook, even if two dispatchers raced on one event.
        b.HasIndex(d => new { d.OutboxEventId, d.WebhookId }).IsUnique();
        // The worker's "what is due" scan.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.WebhookId, d.CreatedAt });
        b.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<OutboxEvent>().WithMany().HasForeignKey(d => d.OutboxEventId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryAttemptConfiguration : IEntityTypeConfiguration<WebhookDeliveryAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryAttempt> b)
    {
        b.Property(a => a.DeliveryId).HasMaxLength(40);
        b.Property(a => a.Error).HasMaxLength(500);
        b.HasIndex(a => new { a.DeliveryId, a.Attempt });
    }
}
