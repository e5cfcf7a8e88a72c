using System.Text.Json.Serialization;

namespace Canvass.Gateway.Apis;

/// <summary>A mark: a site visited by a confirmed case on a date. Nothing else is accepted: no name, no household.</summary>
/// <param name="SiteId">The site's id in the registry (a compound or an urban village).</param>
/// <param name="Date">The day of the visit, yyyy-MM-dd in registry time: today or up to 90 days back.</param>
// Only these two members: anything else in the body (a name, a household) is refused, never stored.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CasePlaceMarkRequest(string? SiteId, string? Date);

/// <summary>A site and a date as marked or unmarked, and whether that changed anything.</summary>
/// <param name="SiteId">The site's id.</param>
/// <param name="Date">The day, yyyy-MM-dd.</param>
/// <param name="Changed">false when it already was so: marked twice, or taken back when it was not marked.</param>
public sealed record CasePlaceMarkResult(string SiteId, string Date, bool Changed);

/// <summary>The sites marked for a date now, published or not: the supervisors' working list.</summary>
/// <param name="Date">The day, yyyy-MM-dd.</param>
/// <param name="SiteIds">The ids of the sites marked for it.</param>
public sealed record CasePlaceMarks(string Date, IReadOnlyList<string> SiteIds);
