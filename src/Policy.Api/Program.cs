using Policy.Api.Accounts;
using Policy.Api.Attachments;
using Policy.Api.Audit;
using Policy.Api.Checks;
using Policy.Api.Compression;
using Policy.Api.FalsePositives;
using Policy.Api.Decisions;
using Policy.Api.Guideline;
using Policy.Api.Health;
using Policy.Api.Identity;
using Policy.Api.Overrides;
using Policy.Api.Monitoring;
using Policy.Api.Notifications;
using Policy.Api.OpenApi;
using Policy.Api.Packs;
using Policy.Api.Pages;
using Policy.Api.People;
using Policy.Api.RateLimits;
using Policy.Api.Reviews;
using Policy.Api.Spokespeople;
using Policy.Api.Store;
using Policy.Api.Telemetry;
using Policy.Api.Validation;

// Settings are read and validated once, at start-up. Watching appsettings.json for changes would
// also wake on every write below the content root, where the default data directory is (about 4 %
// of the CPU under load), and a reloaded value would bypass that validation.
//
// An operator who mistyped a setting reads one line that names it (exit code 1), not a stack trace.
InvalidSettings.EndTheProcessWithOneLine();
var builder = WebApplication.CreateBuilder([.. AdminRecovery.WithoutCommand(args), "--hostBuilder:reloadConfigOnChange=false"]);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPolicyProblems();
builder.Services.AddExceptionHandler<StoreUnavailableExceptionHandler>();
builder.Services.AddPolicyOpenApi();
builder.Services.AddStore();
builder.Services.AddAudit();
builder.Services.AddPolicyIdentity();
builder.Services.AddPolicySignIn(builder.Configuration);
builder.Services.AddPeople();
builder.Services.AddPolicyRateLimits();
builder.Services.AddPolicyCompression();
builder.Services.AddKeys();
builder.Services.AddPolicyPacks();
builder.Services.AddGuideline();
builder.Services.AddSpokespeople();
builder.Services.AddChecks();
builder.Services.AddAttachments();
builder.Services.AddDecisions();
builder.Services.AddAccounts();
builder.Services.AddReviews();
builder.Services.AddOverrides();
builder.Services.AddFalsePositives();
builder.Services.AddPolicyHealth();
builder.Services.AddNotifications();
builder.Services.AddMonitoring();
builder.Services.AddPolicyTelemetry(builder.Configuration);

var app = builder.Build();

app.Services.ValidateSettings();

// Schema and first admin key before the first request (the packs are a start-up step, PackStartup,
// that runs before the server listens): a broken start stops, it never half-serves.
app.Services.GetRequiredService<Database>().Migrate();
app.Services.GetRequiredService<AuditLog>().KeyTheChain();
if (AdminRecovery.Requested(args))
{
    return app.Services.IssueRecoveryAdminKey(Console.Out);
}

app.Services.EnsureAdminKey();

app.UseSecurityHeaders();
app.UsePolicyCompression();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UsePolicyPages();
app.UseAuthentication();
app.UseSessionAntiforgery();
app.UsePolicyRateLimits();
app.UseAuthorization();

app.MapPolicyOpenApi();
app.MapPolicyHealth();
app.MapSignIn();
app.MapPolicyTelemetry();
app.MapKeys();
app.MapPeople();
app.MapAudit();
app.MapSpokespeople();
app.MapChannels();
app.MapChecks();
app.MapAttachments();
app.MapPacks().MapPackSimulation();
app.MapGuideline();
app.MapDecisions();
app.MapAccounts();
app.MapReviews();
app.MapOverrides();
app.MapFalsePositives();
app.MapNotifications();
app.MapMonitoring();

app.Run();
return 0;

/// <summary>Entry point; public so the tests can host the API with WebApplicationFactory.</summary>
public partial class Program;
