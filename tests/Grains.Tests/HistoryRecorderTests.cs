using System.Text.Json;
using Canvass.Abstractions.Units;
using Canvass.Grains.History;
using Canvass.Grains.Rollup;
using Canvass.Storage.History;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Canvass.Grains.Tests;

/// <summary>The recorder alone, on a fake clock: what it writes at each minute boundary, and when.</summary>
public sealed class HistoryRecorderTests : IAsyncLifetime
{
    // Half a minute past 08:00 UTC: the first boundary is 08:01.
    private static readonly DateTimeOffset Start = new(2020, 2, 3, 8, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstBoundary = new(2020, 2, 3, 8, 1, 0, TimeSpan.Zero);
    private readonly ArmedClock _clock = new(Start);
    private readonly RecordingHistoryStore _store = new();
    private readonly HistoryRecorder _recorder;

    public HistoryRecorderTests() => _recorder = new HistoryRecorder(
        _store, new ScreeningClock(_clock), Options.Create(new HistoryOptions()), NullLogger<HistoryRecorder>.Instance);

    public Task InitializeAsync() => _recorder.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _recorder.StopAsync(CancellationToken.None);
        _recorder.Dispose();
    }

    [Fact]
    public async Task At_the_boundary_it_writes_the_latest_summary_of_each_changed_unit_once_stamped_with_the_boundary()
    {
        _recorder.Record(Summary("440304005001-007", version: 2, screened: 1));
        _recorder.Record(Summary("440304005001-007", version: 4, screened: 2));
        _recorder.Record(Summary("440304005001", version: 4, screened: 2));

        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(30));
        var write = await _store.WaitForAsync(c => c.Kind == "append", "the first boundary's write");

        Assert.Equal(["440304005001", "440304005001-007"], write.Points.Select(p => p.UnitId).Order());
        Assert.All(write.Points, p => Assert.Equal(FirstBoundary, p.At));
        var site = JsonDocument.Parse(write.Points.Single(p => p.UnitId == "440304005001-007").Summary).RootElement;
        Assert.Equal(4, site.GetProperty("version").GetInt64());
        Assert.Equal(2, site.GetProperty("screenedHouseholds").GetInt64());
        Assert.Equal("2020-02-03T15:59:00+08:00", site.GetProperty("lastReportAt").GetString());
        Assert.Equal(0, _recorder.Pending);
    }

    [Fact]
    public async Task A_unit_that_did_not_change_since_the_last_write_is_not_written_again()
    {
        _recorder.Record(Summary("a", version: 2, screened: 1));
        _recorder.Record(Summary("b", version: 2, screened: 1));
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(30));
        await _store.WaitForAsync(c => c.Kind == "append", "the first write");

        _recorder.Record(Summary("b", version: 4, screened: 2));
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(1));
        var second = await _store.WaitForAsync(c => c.Kind == "append" && c.Points.Any(p => p.Summary.Contains("\"version\":4")), "b's second point");

        Assert.Equal(["b"], second.Points.Select(p => p.UnitId));
        Assert.Equal(FirstBoundary.AddMinutes(1), second.Points[0].At);
        Assert.Single(await _store.RangeAsync("a", Start, Start.AddHours(1), 10));
    }

    [Fact]
    public async Task A_failed_write_is_retried_at_the_next_boundary_with_the_newest_summary()
    {
        _store.FailNextAppends(1);
        _recorder.Record(Summary("a", version: 2, screened: 1));
        _recorder.Record(Summary("b", version: 2, screened: 1));
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(30));
        await _store.WaitForAsync(c => c.Kind == "append" && c.Failed, "the failing write");

        _recorder.Record(Summary("b", version: 4, screened: 2));
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(1));
        var retry = await _store.WaitForAsync(c => c.Kind == "append" && !c.Failed, "the retry");

        Assert.Equal(["a", "b"], retry.Points.Select(p => p.UnitId).Order());
        Assert.All(retry.Points, p => Assert.Equal(FirstBoundary.AddMinutes(1), p.At));
        Assert.Contains("\"version\":4", (await _store.AsOfAsync("b", FirstBoundary.AddMinutes(1)))!.Summary);
        Assert.Null(await _store.AsOfAsync("a", FirstBoundary));
    }

    [Fact]
    public async Task Compaction_runs_at_the_first_boundary_and_then_every_hour()
    {
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(30));
        await _store.WaitForAsync(c => c.Kind == "compact", "the first compaction");
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(59));
        await _clock.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(1));
        await _store.WaitForAsync(c => c.Kind == "compact" && c.Now > FirstBoundary, "the hourly compaction");

        Assert.Equal([FirstBoundary, FirstBoundary.AddHours(1)], _store.Calls.Where(c => c.Kind == "compact").Select(c => c.Now!.Value));
    }

    [Fact]
    public async Task Stopping_writes_what_changed_since_the_last_boundary_stamped_with_the_time_it_stops()
    {
        _recorder.Record(Summary("a", version: 2, screened: 1));

        await _recorder.StopAsync(CancellationToken.None);

        var write = Assert.Single(_store.Calls, c => c.Kind == "append");
        Assert.Equal(Start, Assert.Single(write.Points).At);
    }

    private static UnitSummary Summary(string id, long version, long screened) => new()
    {
        Id = id,
        Name = "test unit",
        Level = id.Contains('-') ? "site" : "community",
        RegisteredHouseholds = 10,
        ScreenedHouseholds = screened,
        LastReportAt = new DateTimeOffset(2020, 2, 3, 15, 59, 0, TimeSpan.FromHours(8)),
        Sites = 1,
        Version = version,
    };
}
