using Kogge.Web.Platform.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Kogge.Web.Tests.Platform;

public class DemoDataTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "Kogge.Web";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private static IConfiguration Settings(string? enabled) =>
        new ConfigurationBuilder().AddInMemoryCollection(enabled is null ? [] : [new("Kogge:Demo:Enabled", enabled)]).Build();

    [Fact]
    public void Demo_InProductionWhenAskedFor_IsRefused() =>
        Assert.Throws<InvalidOperationException>(() => DemoData.IsEnabled(Settings("true"), new Environment(Environments.Production)));

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Staging", "true", true)]
    [InlineData("Development", null, true)]
    [InlineData("Development", "false", false)]
    public void Demo_ByEnvironmentAndSetting_IsOnlyOnWhereAllowed(string environment, string? setting, bool expected) =>
        Assert.Equal(expected, DemoData.IsEnabled(Settings(setting), new Environment(environment)));
}
