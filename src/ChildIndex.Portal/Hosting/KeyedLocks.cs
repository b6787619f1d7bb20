namespace ChildIndex.Portal.Hosting;

/// <summary>
/// One async lock per key, made on first use and dropped when its last holder or waiter lets go,
/// so that a portal with many sessions keeps locks only for those in the middle of something.
/// </summary>
public sealed class KeyedLocks
{
    private readonly Dictionary<string, Gate> _gates = [];

    /// <summary>How many keys have a lock now (held or waited for).</summary>
    public int Count
    {
        get
        {
            lock (_gates)
            {
                return _gates.Count;
            }
        }
    }

    public async Task<IDisposable> LockAsync(string key, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out gate!))
            {
                gate = new Gate();
                _gates[key] = gate;
            }

            gate.Users++;
        }

        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Leave(key, gate, held: false);
            throw;
        }

        return new Holder(this, key, gate);
    }

    private void Leave(string key, Gate gate, bool held)
    {
        lock (_gates)
        {
            if (held)
            {
                gate.Semaphore.Release();
            }

            if (--gate.Users == 0)
            {
                _gates.Remove(key);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Holder(KeyedLocks owner, string key, Gate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Leave(key, gate, held: true);
            }
        }
    }
}
