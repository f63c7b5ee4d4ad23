using Lakehouse.Contracts;
using Lakehouse.Spawner.Backends;
using Lakehouse.Spawner.Options;
using Microsoft.Extensions.Options;

namespace Lakehouse.Spawner.Servers;

/// <summary>
/// Turns for servers that boot on this machine: at most <see cref="SpawnerOptions.ConcurrentBoots"/> between launch
/// and first answer, the others wait in order. A boot is CPU work (Python importing its modules); twenty on two cores
/// slowed each other down and were all ready only at the end, where in turns the first are ready at once and the last
/// no later. Servers that boot elsewhere (pods) do not wait.
/// </summary>
public sealed class BootGate(IServerBackend backend, IOptions<SpawnerOptions> options, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim? _turns = backend.BootsOnThisMachine ? new SemaphoreSlim(options.Value.ConcurrentBoots) : null;

    /// <summary>
    /// The caller's turn, to dispose of once the server answers or fails; null when the deadline passed first.
    /// Reports the wait to <paramref name="progress"/> when there is one.
    /// </summary>
    public async Task<IDisposable?> WaitForTurnAsync(IProgress<ProgressEvent> progress, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        if (_turns is null)
        {
            return NoTurn.Instance;
        }

        if (!_turns.Wait(0, CancellationToken.None))
        {
            progress.Report(new ProgressEvent(5, $"Waiting for a turn to start: {options.Value.ConcurrentBoots} servers are starting on this machine"));
            var remaining = deadline - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            using var timeout = new CancellationTokenSource(remaining, timeProvider);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await _turns.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }

        return new Turn(_turns);
    }

    public void Dispose() => _turns?.Dispose();

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turns.Release();
            }
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
