using Canvass.Abstractions.CasePlaces;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Canvass.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace Canvass.Grains.CasePlaces;

/// <summary>
/// Marks of sites visited by confirmed cases, per date, and the daily publication of the previous day's marks at
/// the cut-off. Every mark and every publication is an event in the journal, so a restart rebuilds both exactly and
/// a published list never changes.
/// </summary>
/// <remarks>
/// A cut-off that has passed is processed before anything else the grain does (a mark, a read, its timer), so a
/// list holds exactly the marks made before its cut-off, and a mark made after it waits for the next one, as a
/// correction.
/// </remarks>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class CasePlacesGrain(
    UnitRegistry registry,
    ISiteJournal journal,
    IOptions<CasePlacesOptions> options,
    IOptions<RollupOptions> rollup,
    ScreeningClock clock,
    ILogger<CasePlacesGrain> logger) : Grain, ICasePlacesGrain, IRemindable
{
    private const string WakeReminder = "case-places";

    private readonly Dictionary<DateOnly, SortedSet<string>> _marks = [];
    private readonly SortedDictionary<DateOnly, List<Publication>> _published = [];
    private ObserverManager<ICasePlacesObserver, ICasePlacesObserver>? _observers;
    private DateOnly? _firstDate;
    private DateTimeOffset _lastCutOff = DateTimeOffset.MinValue;
    private long _sequence;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var history = await journal.LoadAsync(CasePlacesLog.StreamId, withSnapshot: false, cancellationToken);
        foreach (var record in history.Records)
        {
            if (record.Kind == CasePlacesLog.MarkKind)
            {
                ApplyMark(record.ScreenerId, DateOnly.FromDayNumber((int)record.Residents), record.Outcome == 1);
            }
            else if (record.Kind == CasePlacesLog.PublishKind)
            {
                ApplyPublication(CasePlacesLog.ReadPublication(record));
            }
        }

        _sequence = history.LastSequence;
        _observers = new(rollup.Value.WatchLease, logger);
        var interval = options.Value.CheckInterval;
        this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        // Brings the grain back after a silo restart even if nobody calls it, so that no cut-off passes unpublished.
        await this.RegisterOrUpdateReminder(WakeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => CheckAsync();

    public async Task<MarkOutcome> MarkAsync(string siteId, DateOnly date) => await ChangeAsync(siteId, date, marked: true);

    public async Task<MarkOutcome> UnmarkAsync(string siteId, DateOnly date) => await ChangeAsync(siteId, date, marked: false);

    public Task<IReadOnlyList<string>> GetMarksAsync(DateOnly date) =>
        Task.FromResult<IReadOnlyList<string>>(_marks.TryGetValue(date, out var sites) ? [.. sites] : []);

    public async Task<CasePlacesList?> GetPublishedAsync(DateOnly date)
    {
        await CheckAsync();
        return _published.TryGetValue(date, out var publications) ? ToList(publications) : null;
    }

    public async Task<CasePlacesList?> GetLatestAsync()
    {
        await CheckAsync();
        return _published.Count == 0 ? null : ToList(_published.Last().Value);
    }

    public Task WatchAsync(ICasePlacesObserver observer)
    {
        _observers!.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    private async Task<MarkOutcome> ChangeAsync(string siteId, DateOnly date, bool marked)
    {
        await CheckAsync();
        var isMarked = _marks.TryGetValue(date, out var sites) && sites.Contains(siteId);
        if (isMarked == marked)
        {
            return MarkOutcome.Unchanged;
        }

        await AppendAsync(CasePlacesLog.Mark(_sequence + 1, siteId, date, marked, clock.UtcNow));
        ApplyMark(siteId, date, marked);
        return MarkOutcome.Changed;
    }

    /// <summary>Publishes what every cut-off passed since the last one calls for: first lists, then corrections.</summary>
    private async Task CheckAsync()
    {
        var cutOff = LatestCutOff(clock.UtcNow);
        if (cutOff <= _lastCutOff)
        {
            return;
        }

        if (_firstDate is not { } first)
        {
            // Nothing was ever marked: nothing to publish at this cut-off, and a mark made from now on is after it.
            _lastCutOff = cutOff;
            return;
        }

        var lastDate = DateOnly.FromDateTime(cutOff.DateTime).AddDays(-1);
        var now = registry.ToLocal(clock.UtcNow);
        var published = new List<Publication>();
        for (var date = first; date <= lastDate; date = date.AddDays(1))
        {
            var marked = _marks.TryGetValue(date, out var sites) ? sites : [];
            if (!_published.TryGetValue(date, out var earlier))
            {
                published.Add(new Publication(date, Correction: false, cutOff, now, Places(marked), []));
                continue;
            }

            var shown = Shown(earlier);
            var added = marked.Where(s => !shown.Contains(s)).ToList();
            var removed = shown.Where(s => !marked.Contains(s)).Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0 || removed.Count > 0)
            {
                published.Add(new Publication(date, Correction: true, cutOff, now, Places(added), Places(removed)));
            }
        }

        if (published.Count == 0)
        {
            _lastCutOff = cutOff;
            return;
        }

        var records = published.Select((p, i) => CasePlacesLog.Publish(_sequence + 1 + i, p)).ToArray();
        await AppendAsync(records);
        foreach (var publication in published)
        {
            ApplyPublication(publication);
            LogPublished(publication.Date, publication.Correction, publication.Added.Count, publication.Removed.Count);
            var list = ToList(_published[publication.Date]);
            await _observers!.Notify(o => o.OnPublishedAsync(list));
        }
    }

    /// <summary>The newest cut-off at or before <paramref name="now"/>, in the registry's offset.</summary>
    private DateTimeOffset LatestCutOff(DateTimeOffset now)
    {
        var local = registry.ToLocal(now);
        var today = new DateTimeOffset(local.Date + options.Value.CutOff.ToTimeSpan(), local.Offset);
        return today <= local ? today : today.AddDays(-1);
    }

    private async Task AppendAsync(params JournalRecord[] records)
    {
        await journal.AppendAsync(CasePlacesLog.StreamId, records);
        _sequence += records.Length;
    }

    private void ApplyMark(string siteId, DateOnly date, bool marked)
    {
        if (marked)
        {
            if (!_marks.TryGetValue(date, out var sites))
            {
                _marks[date] = sites = new SortedSet<string>(StringComparer.Ordinal);
            }

            sites.Add(siteId);
            _firstDate = _firstDate is { } first && first <= date ? first : date;
        }
        else if (_marks.TryGetValue(date, out var sites))
        {
            sites.Remove(siteId);
        }
    }

    private void ApplyPublication(Publication publication)
    {
        if (!_published.TryGetValue(publication.Date, out var publications))
        {
            _published[publication.Date] = publications = [];
        }

        publications.Add(publication);
        _firstDate = _firstDate is { } first && first <= publication.Date ? first : publication.Date;
        if (publication.CutOff > _lastCutOff)
        {
            _lastCutOff = publication.CutOff;
        }
    }

    /// <summary>The sites a day's list shows after its corrections.</summary>
    private static HashSet<string> Shown(List<Publication> publications)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var publication in publications)
        {
            shown.UnionWith(publication.Added.Select(p => p.SiteId));
            shown.ExceptWith(publication.Removed.Select(p => p.SiteId));
        }

        return shown;
    }

    private static CasePlacesList ToList(List<Publication> publications)
    {
        var first = publications[0];
        var corrections = publications.Skip(1).Select(p => new CasePlacesCorrection(p.CutOff, p.PublishedAt, p.Added, p.Removed)).ToList();
        return new CasePlacesList(first.Date, first.CutOff, first.PublishedAt, first.Added, corrections);
    }

    // Names as they stand at publication, kept with the list: a list once published never changes.
    private List<CasePlace> Places(IEnumerable<string> siteIds) => siteIds.Select(id =>
    {
        var site = registry.Get(id);
        var area = new List<string>();
        for (var unit = site.Parent; unit?.Parent is not null; unit = unit.Parent)
        {
            area.Add(unit.Name);
        }

        return new CasePlace(site.Id, site.Name, site.Kind, area);
    }).ToList();

    [LoggerMessage(Level = LogLevel.Information, Message = "Published the case places of {Date} (correction: {Correction}): {Added} added, {Removed} removed")]
    private partial void LogPublished(DateOnly date, bool correction, int added, int removed);
}
