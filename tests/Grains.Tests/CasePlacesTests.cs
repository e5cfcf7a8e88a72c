using System.Text.Json;
using Canvass.Abstractions.CasePlaces;
using Canvass.Abstractions.Wire;

namespace Canvass.Grains.Tests;

/// <summary>
/// The public case-places list on its own cluster, whose screening clock the tests move across the daily cut-off
/// (14:00 registry time): marks before and after it, the list exact, immutable once published, corrections later.
/// </summary>
public class CasePlacesTests(CasePlacesTests.Cluster fixture) : IClassFixture<CasePlacesTests.Cluster>
{
    public sealed class Cluster : ClusterFixture
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["CasePlaces:CheckInterval"] = "00:00:00.050",
        };
    }

    [Fact]
    public async Task A_days_marks_are_published_at_the_next_cut_off_later_marks_as_corrections_and_a_published_list_never_changes()
    {
        var grain = fixture.Grains.GetGrain<ICasePlacesGrain>(0);
        var observer = new Publications();
        await grain.WatchAsync(fixture.Grains.CreateObjectReference<ICasePlacesObserver>(observer));
        var day = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        var cutOff = new DateTimeOffset(day.ToDateTime(new TimeOnly(14, 0)), TimeSpan.FromHours(8)).AddDays(1);
        string[] sites = [.. fixture.Registry.Sites.Take(3).Select(s => s.Id)];

        Assert.Equal(MarkOutcome.Changed, await grain.MarkAsync(sites[0], day));
        Assert.Equal(MarkOutcome.Unchanged, await grain.MarkAsync(sites[0], day));
        MoveTo(cutOff.AddMinutes(-1));
        await grain.MarkAsync(sites[1], day);
        Assert.Null(await grain.GetPublishedAsync(day));

        MoveTo(cutOff);
        var list = await grain.GetPublishedAsync(day);
        Assert.NotNull(list);
        Assert.Equal(cutOff, list.CutOff);
        Assert.Equal(sites[..2].Order(StringComparer.Ordinal), list.Places.Select(p => p.SiteId));
        Assert.Empty(list.Corrections);
        var site = fixture.Registry.Get(sites[0]);
        Assert.Equal(site.Name, list.Places.Single(p => p.SiteId == site.Id).SiteName);
        Assert.Equal(site.Parent!.Name, list.Places.Single(p => p.SiteId == site.Id).Area[0]);
        await observer.WaitForAsync(l => l.Date == day && l.Corrections.Count == 0, "the list to be pushed");

        // After the cut-off: the published list stays as it was; the change waits for the next cut-off.
        MoveTo(cutOff.AddMinutes(1));
        await grain.MarkAsync(sites[2], day);
        await grain.UnmarkAsync(sites[0], day);
        Assert.Equal(list, await grain.GetPublishedAsync(day), CasePlacesListComparer.Instance);
        Assert.Equal(sites[1..].Order(StringComparer.Ordinal), await grain.GetMarksAsync(day));

        MoveTo(cutOff.AddDays(1));
        var corrected = (await grain.GetPublishedAsync(day))!;
        Assert.Equal(JsonSerializer.Serialize(list.Places, WireJsonOptions.Default), JsonSerializer.Serialize(corrected.Places, WireJsonOptions.Default));
        var correction = Assert.Single(corrected.Corrections);
        Assert.Equal([sites[2]], correction.Added.Select(p => p.SiteId));
        Assert.Equal([sites[0]], correction.Removed.Select(p => p.SiteId));
        Assert.Equal(cutOff.AddDays(1), correction.CutOff);
        // The next day had no marks: its list is published too, empty.
        Assert.Empty((await grain.GetPublishedAsync(day.AddDays(1)))!.Places);
        await observer.WaitForAsync(l => l.Date == day && l.Corrections.Count == 1, "the correction to be pushed");

        // Nothing personal: a place is a site and where it lies.
        var json = JsonSerializer.SerializeToElement(corrected, WireJsonOptions.Default);
        Assert.Equal(["date", "cutOff", "publishedAt", "places", "corrections"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["siteId", "siteName", "kind", "area"], json.GetProperty("places")[0].EnumerateObject().Select(p => p.Name));

        // A restart rebuilds every list from the journal as published, and publishes nothing again.
        var records = (await fixture.Journal.LoadAsync("case-places", withSnapshot: false)).Records.Count;
        await fixture.Cluster.RestartSiloAsync(fixture.Cluster.Primary!);
        await fixture.Cluster.WaitForLivenessToStabilizeAsync();
        var again = await Eventually(() => fixture.Grains.GetGrain<ICasePlacesGrain>(0).GetPublishedAsync(day));
        Assert.Equal(corrected, again, CasePlacesListComparer.Instance);
        Assert.Equal(records, (await fixture.Journal.LoadAsync("case-places", withSnapshot: false)).Records.Count);
    }

    private void MoveTo(DateTimeOffset time) => fixture.Clock.Advance(time - fixture.Clock.GetUtcNow());

    // A read that throws (the grain not yet activated after the clock moved) counts as not yet.
    private static Task<T> Eventually<T>(Func<Task<T>> read) =>
        TestSupport.Eventually.UntilAsync(read, _ => true, "a read that succeeds", TimeSpan.FromSeconds(10));

    /// <summary>Publications pushed to a test observer; a wait completes on the push itself, not on a poll.</summary>
    private sealed class Publications : ICasePlacesObserver
    {
        private readonly List<CasePlacesList> _lists = [];
        private readonly List<(Func<CasePlacesList, bool> Condition, TaskCompletionSource Done)> _waits = [];

        public Task OnPublishedAsync(CasePlacesList list)
        {
            lock (_lists)
            {
                _lists.Add(list);
                foreach (var wait in _waits.Where(w => w.Condition(list)).ToList())
                {
                    wait.Done.TrySetResult();
                    _waits.Remove(wait);
                }
            }

            return Task.CompletedTask;
        }

        public Task WaitForAsync(Func<CasePlacesList, bool> condition, string what)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lists)
            {
                if (_lists.Any(condition))
                {
                    return Task.CompletedTask;
                }

                _waits.Add((condition, done));
            }

            return done.Task.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(
                t => t.IsFaulted ? throw new TimeoutException($"Timed out waiting for {what}.") : t,
                TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Lists compared by their content: records with list members compare those by reference.</summary>
    private sealed class CasePlacesListComparer : IEqualityComparer<CasePlacesList?>
    {
        public static CasePlacesListComparer Instance { get; } = new();

        public bool Equals(CasePlacesList? x, CasePlacesList? y) =>
            JsonSerializer.Serialize(x, WireJsonOptions.Default) == JsonSerializer.Serialize(y, WireJsonOptions.Default);

        public int GetHashCode(CasePlacesList? obj) => 0;
    }
}
