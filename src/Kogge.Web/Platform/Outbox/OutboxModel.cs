using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Kogge.Web.Platform.Outbox;

/// <summary>The outbox table; called from the context's model building, before the tenant filters are added.</summary>
internal static class OutboxModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("OutboxMessages");
            e.HasIndex(m => m.IdempotencyKey).IsUnique();
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => new { m.TenantId, m.Status });
            e.Property(m => m.Recipient).HasMaxLength(320);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.TemplateKey).HasMaxLength(64);
            e.Property(m => m.IdempotencyKey).HasMaxLength(200);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(m => m.LockOwner).HasMaxLength(100);
            e.Property(m => m.LastError).HasMaxLength(300);
            // SQLite cannot compare or order DateTimeOffset; UTC ticks compare as numbers on both databases.
            e.Property(m => m.NextAttemptAt).HasConversion(UtcTicks);
            e.Property(m => m.RetryUntil).HasConversion(UtcTicks);
            e.Property(m => m.CreatedAt).HasConversion(UtcTicks);
            e.Property(m => m.LockExpiresAt).HasConversion(UtcTicks);
            e.Property(m => m.SentAt).HasConversion(UtcTicks);
        });
    }

    private static readonly ValueConverter<DateTimeOffset, long> UtcTicks = new(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));

    public static long Ticks(DateTimeOffset value) => value.UtcTicks;
}
