using Microsoft.Extensions.Logging;

namespace Canvass.Client.Live;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Subscribed to {Units} unit(s) ({Resume}); {Summaries} summaries, {Gaps} gap(s) repaired")]
    public static partial void CaughtUp(ILogger logger, int units, ResumeMode resume, int summaries, int gaps);

    [LoggerMessage(2, LogLevel.Warning, "Connection lost; reconnecting")]
    public static partial void Lost(ILogger logger, Exception? error);

    [LoggerMessage(3, LogLevel.Warning, "Reconnection attempt {Attempt} failed; next in {Delay}")]
    public static partial void AttemptFailed(ILogger logger, int attempt, TimeSpan delay, Exception error);

    [LoggerMessage(4, LogLevel.Error, "An event handler of the subscription threw; the subscription goes on")]
    public static partial void HandlerFailed(ILogger logger, Exception error);

    [LoggerMessage(5, LogLevel.Information, "The server has no SubscribeMany; resuming with Subscribe and comparing versions")]
    public static partial void OlderServer(ILogger logger);
}
