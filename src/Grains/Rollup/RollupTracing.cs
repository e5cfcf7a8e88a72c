using System.Diagnostics;

namespace Canvass.Grains.Rollup;

/// <summary>
/// Spans of the roll-up (a unit's flush to its parent and watchers). The first change after a quiet interval flushes
/// in the turn after the request, so its span joins the request's trace; a flush that waited out a burst serves many
/// requests and starts a trace of its own. Null, and free, while no tracer listens.
/// </summary>
public static class RollupTracing
{
    public const string SourceName = "Canvass.Rollup";

    internal static readonly ActivitySource Source = new(SourceName);
}
