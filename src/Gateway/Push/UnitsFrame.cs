using Canvass.Abstractions.Units;

namespace Canvass.Gateway.Push;

/// <summary>
/// What a subscriber receives (the hub's <c>UnitsChanged</c>, the event stream's <c>event: units</c>): the newest
/// summary of every unit of its subscription that changed since its previous frame, each as
/// <c>GET /api/units/{id}</c> answers it, in no particular order, each unit at most once.
/// </summary>
public sealed record UnitsFrame(IReadOnlyList<UnitSummary> Units)
{
    /// <summary>When the oldest change in this frame left its grain (for the push latency metric); not on the wire.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    [System.Runtime.Serialization.IgnoreDataMember]
    public DateTimeOffset? FlushedAt { get; init; }
}
