namespace ConvoMono.Components.Shared;

/// <summary>Coalesces bursts of live events into at most one refresh per interval, so a page watching a busy tenant
/// (hundreds of settled calls a second) reloads once a second rather than once per event.</summary>
public sealed class LiveRefresh(TimeSpan interval, Func<Task> refresh) : IDisposable
{
    private int _pending;
    private readonly CancellationTokenSource _stop = new();

    public Task Request()
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1) return Task.CompletedTask;
        _ = RunAsync();
        return Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        try
        {
            await Task.Delay(interval, _stop.Token);
            Interlocked.Exchange(ref _pending, 0);
            await refresh();
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
