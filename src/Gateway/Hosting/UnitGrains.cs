using System.Collections.Concurrent;
using Canvass.Abstractions.History;
using Canvass.Abstractions.Units;
using Canvass.Abstractions.Uploads;
using Canvass.Registry;

namespace Canvass.Gateway.Hosting;

/// <summary>
/// Grain references for the registry's units, made once per process. Making one resolves the grain interface type
/// with reflection and type-name parsing, which profiling showed as a large share of ingest CPU when done per call.
/// </summary>
public sealed class UnitGrains(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, ISiteGrain> _sites = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IUnitGrain> _units = new(StringComparer.Ordinal);

    private IHistoryGrain? _history;
    private IUploadsGrain? _uploads;

    /// <summary>The reader of unit history (a stateless worker: one reference serves every call).</summary>
    /// <remarks>
    /// Made on first use, not with this object: a standalone gateway builds this at start, before its client has the
    /// cluster's grain types, and a reference to a grain type it does not know yet fails.
    /// </remarks>
    public IHistoryGrain History => _history ??= grains.GetGrain<IHistoryGrain>(0);

    /// <summary>The writer and reader of upload receipts (a stateless worker, made on first use as <see cref="History"/> is).</summary>
    public IUploadsGrain Uploads => _uploads ??= grains.GetGrain<IUploadsGrain>(0);

    public ISiteGrain Site(string id) => _sites.GetOrAdd(id, static (key, factory) => factory.GetGrain<ISiteGrain>(key), grains);

    public IUnitGrain Unit(string id) => _units.GetOrAdd(id, static (key, factory) => factory.GetGrain<IUnitGrain>(key), grains);

    /// <summary>The grain that holds a registry unit's summary: a site grain or an aggregate grain.</summary>
    public ISummaryGrain Summary(RegistryUnit unit) => unit.IsSite ? Site(unit.Id) : Unit(unit.Id);
}
