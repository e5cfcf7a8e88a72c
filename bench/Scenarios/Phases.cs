namespace Canvass.Bench.Scenarios;

/// <summary>Waits out a phase of a run; Ctrl+C cuts it short without throwing.</summary>
public static class Phases
{
    /// <summary>true when the whole phase elapsed, false when the run was cancelled.</summary>
    public static async Task<bool> WaitAsync(double seconds, CancellationToken cancel)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancel);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
