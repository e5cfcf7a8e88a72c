namespace Canvass.Contracts.Units;

/// <summary>A unit's summary with, when asked for, its children's: the hub's answer to <c>Subscribe</c>.</summary>
/// <param name="Unit">The unit's current summary.</param>
/// <param name="Children">Its children's summaries; empty unless asked for (and for a site).</param>
public sealed record UnitSnapshot(UnitSummary Unit, IReadOnlyList<UnitSummary> Children);
