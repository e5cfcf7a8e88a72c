using Canvass.Abstractions.Units;
using Canvass.Registry;

namespace Canvass.Grains.Rollup;

/// <summary>
/// What an aggregate holds of its children: the latest summary of each, the running totals over them, which changed
/// since the last flush, and how many are still loading. Used in the grain's turns only.
/// </summary>
internal sealed class UnitChildren
{
    // Above this many children a dictionary finds a child's slot; below it a scan of the registry's list does.
    private const int IndexThreshold = 16;

    private readonly RegistryUnit _unit;
    private readonly UnitSummary[] _held;
    // Only for units with many children; a community's one or two sites are found faster by looking.
    private readonly Dictionary<string, int>? _index;
    private HashSet<int>? _changed;
    private UnitCounters _counters;
    // Children whose held summary is not complete yet: the placeholder of one not heard from since activation, or a
    // summary it sent while itself loading. Until none is, this unit's figures may be below those it showed before a
    // restart: it neither flushes nor lets a read see them without saying so (UnitSummary.Loading).
    private int _loading;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UnitChildren(RegistryUnit unit, ISummaryGrain[] grains)
    {
        _unit = unit;
        Grains = grains;
        _held = unit.Children.Select(c => c.EmptySummary() with { Loading = true }).ToArray();
        _loading = _held.Length;
        _index = unit.Children.Count > IndexThreshold
            ? unit.Children.Select((c, i) => (c.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal)
            : null;
        _counters = new UnitCounters(unit.SiteCount);
    }

    /// <summary>The children's grains, in the registry's order (a site's as its site grain).</summary>
    public ISummaryGrain[] Grains { get; }

    public int Count => _held.Length;

    /// <summary>The summary held of child <paramref name="child"/>.</summary>
    public UnitSummary this[int child] => _held[child];

    /// <summary>Whether any child's held summary is not complete yet.</summary>
    public bool Loading => _loading > 0;

    /// <summary>Completes when no child is loading any more.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>At the end of the activation's pull: a unit whose children all answered complete is loaded.</summary>
    public void CompleteIfLoaded()
    {
        if (_loading == 0)
        {
            _loaded.TrySetResult();
        }
    }

    /// <summary>This unit's summary: the totals over its children, loading while any of them is.</summary>
    public UnitSummary Summary() => _counters.ToSummary(_unit, _loading > 0);

    public UnitSummary[] All() => _held.ToArray();

    /// <summary>The slot of <paramref name="childId"/>, or -1 when it is not a child of this unit.</summary>
    public int IndexOf(string childId)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(childId, out var i) ? i : -1;
        }

        var children = _unit.Children;
        for (var i = 0; i < children.Count; i++)
        {
            if (string.Equals(children[i].Id, childId, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Holds <paramref name="child"/> in slot <paramref name="i"/> if it is newer; whether it was.</summary>
    public bool Merge(int i, UnitSummary child)
    {
        var held = _held[i];
        // A complete summary replaces a loading one whatever their versions (a loading child may have counted the
        // newer half of its subtree only). A loading one never replaces a complete one: its version can be higher
        // while its figures miss a whole subtree.
        var replaces = held.Loading ? !child.Loading || child.Version > held.Version : !child.Loading && child.Version > held.Version;
        if (!replaces)
        {
            return false;
        }

        _counters.Add(held, -1);
        _counters.Add(child, 1);
        _held[i] = child;
        (_changed ??= []).Add(i);
        if (held.Loading && !child.Loading && --_loading == 0)
        {
            // Complete: what watchers and the parent get next is the whole unit, children included.
            for (var k = 0; k < _held.Length; k++)
            {
                _changed.Add(k);
            }

            _loaded.TrySetResult();
        }

        return true;
    }

    /// <summary>The children changed since the last call, and forgets them.</summary>
    public UnitSummary[] TakeChanged()
    {
        var changed = new UnitSummary[_changed?.Count ?? 0];
        var k = 0;
        foreach (var i in _changed ?? [])
        {
            changed[k++] = _held[i];
        }

        _changed?.Clear();
        return changed;
    }

    public void ForgetChanged() => _changed?.Clear();
}
