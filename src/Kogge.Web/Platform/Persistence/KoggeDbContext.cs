using System.Linq.Expressions;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Platform.Api;
using Kogge.Web.Platform.Audit;
using Kogge.Web.Platform.Identity;
using Kogge.Web.Platform.Outbox;
using Kogge.Web.Platform.Tenancy;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Platform.Persistence;

/// <summary>
/// Kogge's database. Every <see cref="ITenantOwned"/> row is filtered to the current municipality, so a query
/// cannot see another municipality's data unless it says <c>IgnoreQueryFilters()</c>. Saving links new audit
/// entries into their municipality's hash chain in the same transaction as the change they record.
/// </summary>
public abstract class KoggeDbContext(DbContextOptions options, TenantContext tenant)
    : IdentityDbContext<KoggeUser, KoggeRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<AuditChainHead> AuditChainHeads => Set<AuditChainHead>();

    public DbSet<ServiceAccount> ServiceAccounts => Set<ServiceAccount>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<PublicService> PublicServices => Set<PublicService>();

    public DbSet<ServiceVersion> ServiceVersions => Set<ServiceVersion>();

    public DbSet<ServiceArtifact> ServiceArtifacts => Set<ServiceArtifact>();

    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseDocument> CaseDocuments => Set<CaseDocument>();

    public DbSet<CaseDocumentContent> CaseDocumentContents => Set<CaseDocumentContent>();

    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();

    public DbSet<ApplicationDraft> ApplicationDrafts => Set<ApplicationDraft>();

    public DbSet<CaseNumbering> CaseNumberings => Set<CaseNumbering>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Modules.Cases.DocumentRequests.DocumentRequest> DocumentRequests => Set<Modules.Cases.DocumentRequests.DocumentRequest>();

    public DbSet<Modules.Payments.Payment> Payments => Set<Modules.Payments.Payment>();

    public DbSet<Modules.Payments.PaymentEvent> PaymentEvents => Set<Modules.Payments.PaymentEvent>();

    /// <summary>Read by the query filters on every query; EF Core treats it as a parameter.</summary>
    internal Guid CurrentTenantId => tenant.TenantId;

    internal TenantContext Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Tenant>(e =>
        {
            e.ToTable("Tenants");
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Slug).HasMaxLength(40);
            e.Property(t => t.Name).HasMaxLength(200);
            e.Property(t => t.ContactEmail).HasMaxLength(256);
            e.Property(t => t.ImprintText).HasMaxLength(4000);
            e.Property(t => t.DataProtectionOfficer).HasMaxLength(1000);
        });

        builder.Entity<KoggeUser>(e =>
        {
            // Identity's own unique indexes are global; an e-mail address may have an account in each municipality.
            e.HasIndex(u => u.NormalizedUserName).HasDatabaseName("UserNameIndex").IsUnique(false);
            e.HasIndex(u => new { u.TenantId, u.NormalizedUserName }).IsUnique();
            e.HasIndex(u => new { u.TenantId, u.NormalizedEmail });
            e.Property(u => u.DisplayName).HasMaxLength(200);
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasIndex(a => new { a.TenantId, a.Sequence }).IsUnique();
            e.Property(a => a.Actor).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.ObjectType).HasMaxLength(64);
            e.Property(a => a.ObjectId).HasMaxLength(64);
            e.Property(a => a.CorrelationId).HasMaxLength(64);
            e.Property(a => a.PreviousHash).HasMaxLength(64);
            e.Property(a => a.Hash).HasMaxLength(64);
        });

        builder.Entity<AuditChainHead>(e =>
        {
            e.ToTable("AuditChainHeads");
            e.HasKey(h => h.TenantId);
            e.Property(h => h.TenantId).ValueGeneratedNever();
            e.Property(h => h.Hash).HasMaxLength(64);
        });

        builder.Entity<ServiceAccount>(e =>
        {
            e.ToTable("ServiceAccounts");
            e.HasIndex(a => a.TokenHash).IsUnique();
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.TokenHash).HasMaxLength(64);
            e.Property(a => a.TokenPrefix).HasMaxLength(16);
            e.Property(a => a.Roles).HasMaxLength(400);
        });

        CatalogModel.Configure(builder);
        CasesModel.Configure(builder);
        OutboxModel.Configure(builder);
        Modules.Payments.PaymentsModel.Configure(builder);

        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (typeof(IVersioned).IsAssignableFrom(entity.ClrType))
            {
                builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
            }

            if (typeof(ITenantOwned).IsAssignableFrom(entity.ClrType) && entity.BaseType is null)
            {
                builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
            }
        }
    }

    private LambdaExpression TenantFilter(Type type)
    {
        var row = Expression.Parameter(type, "row");
        var rowTenant = Expression.Property(row, nameof(ITenantOwned.TenantId));
        var current = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
        return Expression.Lambda(Expression.Equal(rowTenant, current), row);
    }

    /// <summary>Only for framework code that saves synchronously (Data Protection's key store); never with audit entries.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenantsAndVersions();
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State == EntityState.Added))
        {
            throw new InvalidOperationException("Audit entries are linked into their chain only by SaveChangesAsync.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenantsAndVersions();
        var pendingAudit = ChangeTracker.Entries<AuditEntry>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        if (pendingAudit.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var ownTransaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        try
        {
            await LinkAuditEntriesAsync(pendingAudit, cancellationToken);
            var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return written;
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Serializes appends per municipality for the rest of the transaction, so that two writers never link to the
    /// same predecessor. SQLite's write transaction is already exclusive.
    /// </summary>
    protected abstract Task LockAuditChainAsync(Guid tenantId, CancellationToken cancellationToken);

    private async Task LinkAuditEntriesAsync(List<AuditEntry> pending, CancellationToken cancellationToken)
    {
        foreach (var chain in pending.GroupBy(e => e.TenantId).OrderBy(g => g.Key))
        {
            await LockAuditChainAsync(chain.Key, cancellationToken);
            var head = await AuditChainHeads.FirstOrDefaultAsync(h => h.TenantId == chain.Key, cancellationToken);
            if (head is null)
            {
                AuditChainHeads.Add(head = new AuditChainHead { TenantId = chain.Key });
            }

            foreach (var entry in chain)
            {
                AuditChain.Append(entry, head);
            }
        }
    }

    private void StampTenantsAndVersions()
    {
        CatalogModel.RefuseFrozenChanges(ChangeTracker);
        var current = tenant.TenantId;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is ITenantOwned owned && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                if (entry.State == EntityState.Added && owned.TenantId == Guid.Empty)
                {
                    owned.TenantId = current;
                }
                else if (current != Guid.Empty && owned.TenantId != current)
                {
                    // The query filters keep other municipalities' rows out of reach; this is the second wall.
                    throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another municipality cannot be changed here.");
                }
            }

            if (entry.Entity is IVersioned versioned && entry.State == EntityState.Modified)
            {
                versioned.Version++;
            }

            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("Audit entries are append-only.");
            }
        }
    }
}
