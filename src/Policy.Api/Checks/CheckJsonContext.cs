using System.Text.Json;
using System.Text.Json.Serialization;

namespace Policy.Api.Checks;

/// <summary>
/// Source-generated JSON metadata and serializers for the check contracts (web defaults, as the
/// rest of the API): the single-check path reads and writes without reflection-built converters.
/// Registered first in the HTTP JSON resolver chain by <see cref="CheckEndpoints.AddChecks"/>; every
/// other type still goes through the reflection resolver.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CheckRequestDto))]
[JsonSerializable(typeof(BatchRequestDto))]
[JsonSerializable(typeof(CheckResponse))]
[JsonSerializable(typeof(BatchResponse))]
internal sealed partial class CheckJsonContext : JsonSerializerContext;
