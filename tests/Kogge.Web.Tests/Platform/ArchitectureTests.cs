using System.Reflection;

namespace Kogge.Web.Tests.Platform;

/// <summary>The pure libraries know nothing of the web, the database or Kogge's modules.</summary>
public class ArchitectureTests
{
    public static TheoryData<string> PureLibraries => ["Kogge.Feel", "Kogge.Forms", "Kogge.Bpmn", "Kogge.Mining"];

    [Theory]
    [MemberData(nameof(PureLibraries))]
    public void PureLibrary_References_NoWebNoDatabaseNoHost(string name)
    {
        var assembly = Assembly.Load(name);
        var forbidden = assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                || n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                || n.StartsWith("Npgsql", StringComparison.Ordinal)
                || n.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal)
                || n is "Kogge.Web" or "kogge")
            .ToList();
        Assert.Empty(forbidden);
    }
}
