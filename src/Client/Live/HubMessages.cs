using Canvass.Client.Models;

namespace Canvass.Client.Live;

/// <summary>The argument of the hub's <c>SubscribeMany</c>: units, the version held of each, one filter for all, the pace.</summary>
internal sealed record SubscribeManyRequest(
    IReadOnlyList<UnitRequest> Units,
    IReadOnlyDictionary<string, long> Since,
    FilterRequest? Filter,
    double? MaxRate);

/// <summary>One unit to follow, and whether its children too.</summary>
internal sealed record UnitRequest(string Id, bool Children);

/// <summary>A filter as the server names it; null thresholds for every kind but <c>coverage</c>.</summary>
internal sealed record FilterRequest(string Kind, IReadOnlyList<double>? Thresholds);

/// <summary>The answer of <c>SubscribeMany</c>: the current summary of every unit whose version is above the one given.</summary>
internal sealed record SubscribeManyResult(IReadOnlyList<UnitSummary> Units);

/// <summary>The answer of the older <c>Subscribe(unitId, includeChildren)</c>.</summary>
internal sealed record UnitSnapshot(UnitSummary Unit, IReadOnlyList<UnitSummary> Children);

/// <summary>The hub's <c>UnitsChanged</c>: the newest summary of every followed unit that changed since the previous frame.</summary>
internal sealed record UnitsFrame(IReadOnlyList<UnitSummary> Units);
