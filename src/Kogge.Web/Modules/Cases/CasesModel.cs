using Kogge.Web.Modules.Cases.DocumentRequests;
using Microsoft.EntityFrameworkCore;

namespace Kogge.Web.Modules.Cases;

/// <summary>The tables of cases and applications; called from the context's model building, before the tenant filters are added.</summary>
internal static class CasesModel
{
    public const int IdempotencyKeyLength = 100;

    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<Case>(e =>
        {
            e.ToTable("Cases");
            e.HasIndex(c => new { c.TenantId, c.ReferenceNumber }).IsUnique();
            // The database's guard for "the same submission twice makes one case", also across instances and restarts.
            e.HasIndex(c => new { c.TenantId, c.ApplicantId, c.IdempotencyKey }).IsUnique();
            e.HasIndex(c => new { c.TenantId, c.ApplicantId, c.SubmittedAt });
            e.HasIndex(c => c.ProcessInstanceId);
            e.Property(c => c.ReferenceNumber).HasMaxLength(40);
            e.Property(c => c.IdempotencyKey).HasMaxLength(IdempotencyKeyLength);
            e.Property(c => c.Status).HasConversion<string>().HasMaxLength(30);
            e.Property(c => c.FeeAmount).HasPrecision(12, 2);
            e.Property(c => c.Result).HasMaxLength(60);
            e.Property(c => c.ProcessInstanceId).HasMaxLength(100);
            e.HasMany(c => c.Events).WithOne().HasForeignKey(v => v.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Documents).WithOne().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.TenantId, c.Status, c.SubmittedAt });
        });

        builder.Entity<CaseNote>(e =>
        {
            e.ToTable("CaseNotes");
            e.HasIndex(n => new { n.CaseId, n.At });
            e.Property(n => n.AuthorName).HasMaxLength(200);
            e.Property(n => n.Text).HasMaxLength(CaseNote.TextLength);
        });

        builder.Entity<CaseEvent>(e =>
        {
            e.ToTable("CaseEvents");
            e.HasIndex(v => new { v.CaseId, v.At });
            e.Property(v => v.Kind).HasMaxLength(60);
            e.Property(v => v.Detail).HasMaxLength(500);
        });

        builder.Entity<CaseDocument>(e =>
        {
            e.ToTable("CaseDocuments");
            e.HasIndex(d => d.DraftId);
            e.Property(d => d.Kind).HasConversion<string>().HasMaxLength(20);
            // One notice per job that makes it: a retried job finds the notice of its first run.
            e.HasIndex(d => new { d.CaseId, d.FieldKey }).IsUnique().HasFilter("\"Kind\" = 'Notice'");
            e.Property(d => d.FieldKey).HasMaxLength(200);
            e.Property(d => d.FileName).HasMaxLength(CaseFiles.FileNameLength);
            e.Property(d => d.ContentType).HasMaxLength(100);
            e.Property(d => d.Sha256).HasMaxLength(64);
            e.HasOne<ApplicationDraft>().WithMany().HasForeignKey(d => d.DraftId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CaseDocumentContent>(e =>
        {
            e.ToTable("CaseDocumentContents");
            e.HasOne<CaseDocument>().WithOne().HasForeignKey<CaseDocumentContent>(c => c.Id).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ApplicationDraft>(e =>
        {
            e.ToTable("ApplicationDrafts");
            e.HasIndex(d => new { d.TenantId, d.ApplicantId, d.ServiceId }).IsUnique();
            e.Property(d => d.IdempotencyKey).HasMaxLength(IdempotencyKeyLength);
        });

        builder.Entity<DocumentRequest>(e =>
        {
            e.ToTable("DocumentRequests");
            e.HasIndex(r => r.CaseId);
            // The reminder sweep looks for open requests past their date across municipalities.
            e.HasIndex(r => new { r.Status, r.DueDate });
            e.Property(r => r.Text).HasMaxLength(DocumentRequest.TextLength);
            e.Property(r => r.Comment).HasMaxLength(DocumentRequest.CommentLength);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            e.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<CaseNumbering>(e =>
        {
            e.ToTable("CaseNumberings");
            e.HasKey(n => n.TenantId);
            e.Property(n => n.TenantId).ValueGeneratedNever();
            e.Property(n => n.Pattern).HasMaxLength(60);
        });
    }
}
