using System.Diagnostics.CodeAnalysis;

namespace Canvass.Registry;

/// <summary>
/// The whole screening network, loaded once at start: the hierarchy is data, so levels and names come from here.
/// </summary>
public sealed class UnitRegistry
{
    private readonly Dictionary<string, RegistryUnit> _units;

    internal UnitRegistry(string name, TimeSpan utcOffset, RegistryUnit root, Dictionary<string, RegistryUnit> units, TimeSpan? sweepInterval = null)
    {
        Name = name;
        UtcOffset = utcOffset;
        SweepInterval = sweepInterval;
        Root = root;
        _units = units;
        root.Total();
        Sites = units.Values.Where(u => u.IsSite).ToArray();
    }

    /// <summary>A display name for the registry, for example "Shenzhen".</summary>
    public string Name { get; }

    /// <summary>The local offset in which times are shown (+08:00 for China).</summary>
    public TimeSpan UtcOffset { get; }

    public RegistryUnit Root { get; }

    /// <summary>
    /// How often the root should sweep the tree, when the manifest says (a large registry makes the one-minute
    /// default expensive); <c>Rollup:SweepInterval</c>, when set, wins.
    /// </summary>
    public TimeSpan? SweepInterval { get; }

    /// <summary>Every site, in file order.</summary>
    public IReadOnlyList<RegistryUnit> Sites { get; }

    public int Count => _units.Count;

    public IEnumerable<RegistryUnit> Units => _units.Values;

    public bool TryGet(string id, [NotNullWhen(true)] out RegistryUnit? unit) => _units.TryGetValue(id, out unit);

    public RegistryUnit Get(string id) =>
        _units.TryGetValue(id, out var unit) ? unit : throw new KeyNotFoundException($"Unit '{id}' is not in the registry.");

    /// <summary>Shows a UTC time in the registry's local offset.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset time) => time.ToOffset(UtcOffset);
}
