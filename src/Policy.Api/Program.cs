using Policy.Api.Checks;
using Policy.Api.Health;
using Policy.Api.Packs;
using Policy.Api.Validation;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
builder.Services.AddChecks();
builder.Services.AddOpenApi();
builder.Services.AddPolicyPacks();
builder.Services.AddPolicyHealth();

var app = builder.Build();

// Load the packs before the first request: a broken pack stops the start, it never half-serves.
app.Services.GetRequiredService<ActivePack>();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOpenApi();
app.UseSwaggerUI(o =>
{
    o.SwaggerEndpoint("/openapi/v1.json", "Policy API v1");
    o.RoutePrefix = "swagger";
});
app.MapPolicyHealth();
app.MapChecks();

app.Run();

/// <summary>Entry point; public so the tests can host the API with WebApplicationFactory.</summary>
public partial class Program;
