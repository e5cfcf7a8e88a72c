using Orleans.Concurrency;

namespace Canvass.Abstractions.CasePlaces;

/// <summary>
/// The city's marks of sites visited by confirmed cases, and the daily lists published from them at the cut-off.
/// One grain (key 0): a few dozen marks a day.
/// </summary>
[Alias("canvass.ICasePlacesGrain")]
public interface ICasePlacesGrain : IGrainWithIntegerKey
{
    /// <summary>Marks a site for a date; marking it again changes nothing. Durable before it returns.</summary>
    [Alias("Mark")]
    Task<MarkOutcome> MarkAsync(string siteId, DateOnly date);

    /// <summary>Takes a mark back; published lists keep it and a correction removes it at the next cut-off.</summary>
    [Alias("Unmark")]
    Task<MarkOutcome> UnmarkAsync(string siteId, DateOnly date);

    /// <summary>The site ids marked for a date now, published or not: the supervisors' working list.</summary>
    [Alias("GetMarks"), AlwaysInterleave]
    Task<IReadOnlyList<string>> GetMarksAsync(DateOnly date);

    /// <summary>The published list of a date with its corrections; null before its cut-off.</summary>
    [Alias("GetPublished")]
    Task<CasePlacesList?> GetPublishedAsync(DateOnly date);

    /// <summary>The newest published list; null before the first.</summary>
    [Alias("GetLatest")]
    Task<CasePlacesList?> GetLatestAsync();

    /// <summary>Registers (or renews the lease of) an observer told of every publication.</summary>
    [Alias("Watch")]
    Task WatchAsync(ICasePlacesObserver observer);
}

/// <summary>A gateway host's receiver of publications.</summary>
[Alias("canvass.ICasePlacesObserver")]
public interface ICasePlacesObserver : IGrainObserver
{
    /// <summary>A day's list (or a correction to it, included in <paramref name="list"/>) was just published.</summary>
    [OneWay, Alias("OnPublished")]
    Task OnPublishedAsync(CasePlacesList list);
}

[GenerateSerializer, Alias("canvass.MarkOutcome")]
public enum MarkOutcome : byte
{
    Changed = 0,
    /// <summary>Already so: marked twice, or unmarked when it was not marked.</summary>
    Unchanged = 1,
}
