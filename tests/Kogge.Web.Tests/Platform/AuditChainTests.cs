using CsCheck;
using Kogge.Web.Platform.Audit;

namespace Kogge.Web.Tests.Platform;

/// <summary>The chain finds any single changed, deleted or moved entry, at the position where the damage starts.</summary>
public class AuditChainTests
{
    private static readonly Guid Tenant = Guid.Parse("3f0c2a9e-7d3b-4a52-9f0e-1b2c3d4e5f60");

    private static (List<AuditEntry> Entries, AuditChainHead Head) Chain(int length, int seed)
    {
        var head = new AuditChainHead { TenantId = Tenant };
        var entries = new List<AuditEntry>();
        var random = new Random(seed);
        for (var i = 0; i < length; i++)
        {
            var entry = new AuditEntry
            {
                Id = i + 1,
                Actor = Guid.NewGuid().ToString(),
                Action = random.Next(3) switch { 0 => "user.created", 1 => "signin.failed", _ => "tenant.settings_changed" },
                ObjectType = "User",
                ObjectId = Guid.NewGuid().ToString(),
                Data = $"{{\"n\":{random.Next(1000)}}}",
                OccurredAt = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero).AddSeconds(i * 7),
            };
            AuditChain.Append(entry, head);
            entries.Add(entry);
        }

        return (entries, head);
    }

    [Fact]
    public void Verify_IntactChain_FindsNothing() =>
        Gen.Int[0, 40].Sample(length =>
        {
            var (entries, head) = Chain(length, length);
            return AuditChain.Verify(entries, head) is null;
        });

    [Fact]
    public void Verify_OneEntryChanged_BreaksAtThatEntry() =>
        Gen.Select(Gen.Int[1, 40], Gen.Int[0, 1000], Gen.Int[0, 8]).Sample((length, pick, field) =>
        {
            var (entries, head) = Chain(length, pick);
            var index = pick % length;
            var victim = entries[index];
            switch (field)
            {
                case 0: victim.Action = "user.deleted"; break;
                case 1: victim.Actor = "someone-else"; break;
                case 2: victim.ObjectId += "x"; break;
                case 3: victim.Data = "{}"; break;
                case 4: victim.OccurredAt = victim.OccurredAt.AddMinutes(1); break;
                case 5: victim.Sequence += 100; break;
                case 6: victim.PreviousHash = new string('0', 64); break;
                case 7: victim.TenantId = Guid.NewGuid(); break;
                default: victim.Hash = new string('f', 64); break;
            }

            return AuditChain.Verify(entries, head)?.Index == index;
        });

    [Fact]
    public void Verify_OneEntryDeleted_BreaksWhereItWas() =>
        Gen.Select(Gen.Int[1, 40], Gen.Int[0, 1000]).Sample((length, pick) =>
        {
            var (entries, head) = Chain(length, pick);
            var index = pick % length;
            entries.RemoveAt(index);
            return AuditChain.Verify(entries, head)?.Index == index;
        });

    [Fact]
    public void Verify_OneEntryMoved_BreaksAtTheEarlierPosition() =>
        Gen.Select(Gen.Int[2, 40], Gen.Int[0, 1000], Gen.Int[0, 1000]).Where((length, from, to) => from % length != to % length)
            .Sample((length, from, to) =>
            {
                var (entries, head) = Chain(length, from);
                var source = from % length;
                var target = to % length;
                var moved = entries[source];
                entries.RemoveAt(source);
                entries.Insert(target, moved);
                return AuditChain.Verify(entries, head)?.Index == Math.Min(source, target);
            });

    [Fact]
    public void Verify_EntryAppendedWithoutHead_IsReported()
    {
        var (entries, head) = Chain(5, 1);
        var forged = new AuditChainHead { TenantId = Tenant, Sequence = head.Sequence, Hash = head.Hash };
        var extra = new AuditEntry { Actor = "x", Action = "user.created" };
        AuditChain.Append(extra, forged);
        entries.Add(extra);

        Assert.Equal(5, AuditChain.Verify(entries, head)?.Index);
    }
}
