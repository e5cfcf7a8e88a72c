using Canvass.Contracts.Units;

namespace Canvass.Contracts.Push;

/// <summary>
/// What a subscriber receives (the hub's <c>UnitsChanged</c>, the event stream's <c>event: units</c>): the
/// newest summary of every unit of its subscription that changed since its previous frame, each as
/// <c>GET /api/units/{id}</c> answers it, in no particular order, each unit at most once.
/// </summary>
/// <param name="Units">The summaries, one per unit.</param>
public sealed record UnitsFrame(IReadOnlyList<UnitSummary> Units)
{
    /// <summary>Server-side only, so internal: when the oldest change in this frame left its grain (for the push latency metric).</summary>
    internal DateTimeOffset? FlushedAt { get; init; }
}
