using Kogge.Web.Modules.Cases;
using Kogge.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kogge.Web.Tests.Modules.Cases;

/// <summary>Reference numbers and the database's guards of the case model, on SQLite or PostgreSQL.</summary>
public class CaseModelTests(KoggeApp app) : IClassFixture<KoggeApp>
{
    private static Case NewCase(string reference, string key, Guid applicant) => new()
    {
        ReferenceNumber = reference,
        IdempotencyKey = key,
        ApplicantId = applicant,
        FormData = "{}",
        ServiceId = Guid.NewGuid(),
        ServiceVersionId = Guid.NewGuid(),
    };

    [Theory]
    [InlineData("HRO-{jahr}-{nummer:000000}", "rostock", 123, "HRO-2026-000123")]
    [InlineData("{kuerzel}/{nummer}/{jahr}", "luebeck", 7, "LUE/7/2026")]
    public void Format_Pattern_FillsPlaceholders(string pattern, string slug, long number, string expected) =>
        Assert.Equal(expected, ReferenceNumbers.Format(pattern, slug, 2026, number));

    [Fact]
    public async Task Next_ConcurrentSubmissionsWithOneRolledBack_DistinctNumbersWithoutGap()
    {
        const int submissions = 12;
        var numbers = await Task.WhenAll(Enumerable.Range(0, submissions).Select(i => app.InTenantAsync("luebeck", async (services, db) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var reference = await services.GetRequiredService<ReferenceNumbers>().NextAsync(CancellationToken.None);
            if (i == 5)
            {
                // A submission that fails after drawing its number gives it back.
                await transaction.RollbackAsync();
                return null;
            }

            db.Cases.Add(NewCase(reference, $"nummer-{i}", Guid.NewGuid()));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return reference;
        })));

        var given = numbers.OfType<string>().ToList();
        Assert.All(given, n => Assert.Matches(@"^HL-\d{4}-\d{6}$", n));
        var sequence = given.Select(n => int.Parse(n[^6..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(Enumerable.Range(sequence[0], submissions - 1), sequence);
    }

    [Fact]
    public async Task Insert_SameIdempotencyKeyOfOneApplicant_RefusedByTheDatabase()
    {
        var applicant = Guid.NewGuid();
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            db.Cases.Add(NewCase("T-1", "schluessel", applicant));
            return await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => app.InTenantAsync("rostock", async (_, db) =>
        {
            db.Cases.Add(NewCase("T-2", "schluessel", applicant));
            return await db.SaveChangesAsync();
        }));

        // Another applicant may use the same key.
        await app.InTenantAsync("rostock", async (_, db) =>
        {
            db.Cases.Add(NewCase("T-3", "schluessel", Guid.NewGuid()));
            return await db.SaveChangesAsync();
        });
        Assert.Equal(0, await app.InTenantAsync("luebeck", async (_, db) => await db.Cases.CountAsync(c => c.ReferenceNumber.StartsWith("T-"))));
    }
}
