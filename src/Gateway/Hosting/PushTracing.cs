using System.Diagnostics;

namespace Canvass.Gateway.Hosting;

/// <summary>Spans of push sends to connections. Null, and free, while no tracer listens.</summary>
public static class PushTracing
{
    public const string SourceName = "Canvass.Push";

    internal static readonly ActivitySource Source = new(SourceName);
}
