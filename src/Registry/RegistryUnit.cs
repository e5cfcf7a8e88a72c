using Canvass.Abstractions.Units;

namespace Canvass.Registry;

/// <summary>One unit of the screening network as the registry defines it.</summary>
public sealed class RegistryUnit
{
    // Made on the first child: a national registry has a million sites, which have none.
    private List<RegistryUnit>? _children;

    internal RegistryUnit(string id, string name, string level, RegistryUnit? parent, string? kind, int households)
    {
        Id = id;
        Name = name;
        Level = level;
        Parent = parent;
        Kind = kind;
        Households = households;
    }

    public string Id { get; }
    public string Name { get; }
    public string Level { get; }
    public RegistryUnit? Parent { get; }

    /// <summary>Sites only: <c>compound</c> or <c>urbanVillage</c>.</summary>
    public string? Kind { get; }

    /// <summary>Registered households: the site's own, or the sum over the sites below.</summary>
    public long Households { get; private set; }

    /// <summary>Sites below this unit (1 for a site).</summary>
    public int SiteCount { get; private set; }

    public IReadOnlyList<RegistryUnit> Children => (IReadOnlyList<RegistryUnit>?)_children ?? [];

    public bool IsSite => Level == UnitLevels.Site;

    internal void AddChild(RegistryUnit child) => (_children ??= []).Add(child);

    /// <summary>Sums households and sites bottom-up; called once after loading.</summary>
    internal void Total()
    {
        if (IsSite)
        {
            SiteCount = 1;
            return;
        }

        long households = 0;
        var sites = 0;
        foreach (var child in Children)
        {
            child.Total();
            households += child.Households;
            sites += child.SiteCount;
        }

        Households = households;
        SiteCount = sites;
    }

    /// <summary>The summary of a unit nobody has reported for yet: every site below counts as stale.</summary>
    public UnitSummary EmptySummary() => new()
    {
        Id = Id,
        Name = Name,
        Level = Level,
        ParentId = Parent?.Id,
        Kind = Kind,
        RegisteredHouseholds = Households,
        Sites = SiteCount,
        StaleSites = SiteCount,
    };
}
