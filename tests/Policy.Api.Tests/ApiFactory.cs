using Microsoft.AspNetCore.Mvc.Testing;

namespace Policy.Api.Tests;

/// <summary>The real API in-process, with the packs from policies/.</summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
}
