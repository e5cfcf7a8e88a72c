using Xunit.Sdk;

namespace Canvass.TestSupport;

/// <summary>
/// Waits for state that settles asynchronously (a push, a roll-up, a revocation reaching a gateway) with a deadline,
/// and on failure says what it last saw: a bare "timed out" sends whoever reads the failure back to the code.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Probes until <paramref name="done"/> holds for what <paramref name="probe"/> returns, and returns that value.
    /// A probe that throws counts as not yet; its last exception is reported if the deadline passes.
    /// </summary>
    /// <param name="probe">Reads the state (a GET, a counter).</param>
    /// <param name="done">Whether the state read is the awaited one.</param>
    /// <param name="what">What is awaited, for the failure message ("the city's screened households to reach 3").</param>
    /// <param name="timeout">How long to wait at most; 30 s by default.</param>
    /// <param name="pause">How long to wait between probes; 100 ms by default.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null, TimeSpan? pause = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var seen = "nothing yet";
        while (true)
        {
            try
            {
                var value = await probe();
                if (done(value))
                {
                    return value;
                }

                seen = Describe(value);
                (value as IDisposable)?.Dispose();
            }
            catch (Exception e) when (e is not XunitException)
            {
                seen = $"{e.GetType().Name}: {e.Message}";
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new XunitException($"Waited {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s for {what}; last saw {seen}.");
            }

            await Task.Delay(pause ?? Pause);
        }
    }

    /// <summary>Probes until it answers true.</summary>
    public static Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null, TimeSpan? pause = null) =>
        UntilAsync(probe, ok => ok, what, timeout, pause);

    /// <summary>Checks a synchronous condition (a counter, a collection) until it holds.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null, TimeSpan? pause = null) =>
        UntilAsync(() => Task.FromResult(condition()), ok => ok, what, timeout, pause);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        HttpResponseMessage response => $"{(int)response.StatusCode} {response.ReasonPhrase}",
        System.Text.Json.JsonElement json => Cut(json.GetRawText()),
        _ => Cut(value.ToString() ?? ""),
    };

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
