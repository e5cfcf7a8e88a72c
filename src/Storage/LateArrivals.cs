namespace Canvass.Storage;

/// <summary>How many records of one kind a site journaled late for a day (see <see cref="ISiteJournal.CountArrivedLateAsync"/>).</summary>
public readonly record struct LateArrivals(string SiteId, byte Kind, long Count);
