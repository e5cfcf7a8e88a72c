using Canvass.Contracts.Units;

namespace Canvass.Contracts.History;

/// <summary>A unit's summary as it was at <paramref name="At"/> (the latest it had then), at the registry's offset.</summary>
/// <param name="At">The instant the point stands for.</param>
/// <param name="Summary">The latest summary the unit had then (by screening time, its screening figures count the reports screened by then).</param>
/// <param name="Provisional">
/// True when a late report may still revise the point (it is within <c>History:LateWindow</c> of now); false for a
/// final point, which never changes, and for every point of the curve as received. Always on the wire.
/// </param>
public sealed record UnitHistoryPoint(DateTimeOffset At, UnitSummary Summary, bool Provisional = false);
