using Canvass.Contracts.Units;

namespace Canvass.Contracts.Push;

/// <summary>
/// The argument of the hub's <c>SubscribeMany</c>: the units to follow (with their children or not), the version of
/// each that the client already holds, one filter for all of them and the pace of its frames.
/// </summary>
public sealed record SubscribeManyRequest
{
    public IReadOnlyList<UnitRequest> Units { get; init; } = [];

    /// <summary>Unit id → the version the client holds; a unit whose current version is not above it is not sent.</summary>
    public IReadOnlyDictionary<string, long>? Since { get; init; }

    /// <summary>Which changes are pushed; every change when absent.</summary>
    public FilterRequest? Filter { get; init; }

    /// <summary>
    /// At most this many frames a second (up to 100); 0 for a frame at every change (as soon as the previous one is
    /// written); absent, the deployment's default (<c>Push:DefaultMaxRate</c>).
    /// </summary>
    public double? MaxRate { get; init; }
}

/// <summary>One unit to follow, and whether its children too.</summary>
public sealed record UnitRequest(string Id, bool Children = false);

/// <summary>A filter as a client names it (see <see cref="UnitFilter.TryParse"/>): <c>all</c>, <c>statusCounts</c>, <c>alerts</c> or <c>coverage</c> with thresholds.</summary>
public sealed record FilterRequest(string? Kind, IReadOnlyList<double>? Thresholds = null);

/// <summary>
/// The answer of <c>SubscribeMany</c>: the current summary of every followed unit whose version is above the one the
/// client gave (all of them when it gave none).
/// </summary>
public sealed record SubscribeManyResult(IReadOnlyList<UnitSummary> Units);
