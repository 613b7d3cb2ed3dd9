using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Payments;

/// <summary>The payment tables; called from the context's model building, before the tenant filters are added.</summary>
internal static class PaymentsModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Payment>(e =>
        {
            e.ToTable("Payments");
            e.HasIndex(p => p.CaseId);
            e.Property(p => p.Amount).HasPrecision(12, 2);
            e.Property(p => p.Provider).HasMaxLength(40);
            e.Property(p => p.ProviderReference).HasMaxLength(100);
            e.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Cases.Case>().WithMany().HasForeignKey(p => p.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(p => p.History).WithOne().HasForeignKey(v => v.PaymentId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PaymentEvent>(e =>
        {
            e.ToTable("PaymentEvents");
            e.HasIndex(v => v.PaymentId);
            e.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(v => v.Detail).HasMaxLength(200);
        });
    }
}
