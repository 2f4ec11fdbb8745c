using Microsoft.Extensions.Options;
using Policy.Core.Model;
using Policy.Core.Packs;

namespace Policy.Api.Packs;

/// <summary>
/// The pack that checks drafts now: one reference, swapped whole by <see cref="PackLifecycle"/>
/// after an activation or rollback commits (here, or on another instance), so a check in flight
/// keeps the pack it started with and never sees half of a new one. Set before the first request
/// by the start-up step (<see cref="PackStartup"/>).
/// </summary>
public sealed class ActivePack
{
    private CompiledPack? _current;

    /// <summary>Id of the pack that checks drafts now.</summary>
    public string PackId => Current.Id;

    public CompiledPack Current => Volatile.Read(ref _current)
        ?? throw new InvalidOperationException("No pack checks drafts yet: the start-up step has not run.");

    internal void Activate(CompiledPack pack) => Volatile.Write(ref _current, pack);
}

/// <summary>
/// The start-up step of the packs, before the server takes requests: seeds an empty store from
/// <c>policies/</c>, compiles the checking pack and warms the engine up. A start that cannot check
/// drafts stops here, naming the setting.
/// </summary>
internal sealed class PackStartup(PackLifecycle lifecycle) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        lifecycle.Start();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
