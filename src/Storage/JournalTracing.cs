using System.Diagnostics;

namespace Canvass.Storage;

/// <summary>
/// Spans of the journal, for following one report from its request to durability. With no tracer listening (the
/// default), <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and appends cost nothing more.
/// </summary>
public static class JournalTracing
{
    public const string SourceName = "Canvass.Journal";

    internal static readonly ActivitySource Source = new(SourceName);
}
