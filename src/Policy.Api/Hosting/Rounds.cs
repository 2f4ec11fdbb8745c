namespace Policy.Api.Hosting;

/// <summary>
/// The loop of the background services: one round now, then one round per interval until the
/// host stops.
/// </summary>
/// <remarks>
/// A one-shot delay after each round, not a <see cref="PeriodicTimer"/>: when the clock jumps
/// (a machine resumed from suspend, a test's clock advanced by a month) a periodic timer owes one
/// tick per missed period and its clock walks through each of them; a delay owes one round.
/// </remarks>
public static class Rounds
{
    public static async Task EveryAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await round(stoppingToken).ConfigureAwait(false);
            await Task.Delay(interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
