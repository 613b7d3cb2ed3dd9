using Kogge.Web.Modules.Account;
using Kogge.Web.Modules.Admin;
using Kogge.Web.Modules.Api;
using Kogge.Web.Modules.Cases;
using Kogge.Web.Modules.Catalog;
using Kogge.Web.Modules.Inbox;
using Kogge.Web.Modules.Payments;
using Kogge.Web.Modules.Platform;
using Kogge.Web.Modules.Processes;
using Kogge.Web.Platform;
using Kogge.Web.Platform.Hosting;
using Kogge.Web.Platform.Processes;
using Kogge.Web.Platform.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddKoggeHosting();
builder.Services.AddKoggePlatform(builder.Configuration);
builder.Services.AddKoggePages();
builder.Services.AddKoggeApi();
builder.Services.AddKoggeProcesses(builder.Configuration);
builder.Services.AddAccount(builder.Configuration);
builder.Services.AddPlatformAdministration();
builder.Services.AddCatalog();
builder.Services.AddCases();
builder.Services.AddInbox();
builder.Services.AddPayments(builder.Configuration, builder.Environment);

var app = builder.Build();
await app.PrepareKoggeDatabaseAsync();
app.UseKoggePlatform();
app.MapKoggeHealth();
app.MapKoggeApi();
app.MapAdminApi();
app.MapProcessApi();
app.MapCatalog();
app.MapCases();
app.MapKoggePages();
await app.RunAsync();

/// <summary>The entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
