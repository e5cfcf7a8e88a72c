using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Grains.Push;
using Canvass.Grains.Rollup;
using Canvass.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Screening;

/// <summary>
/// One compound or urban village. Applies its reports as events, then tells its community (coalesced) and its watchers.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class SiteGrain(
    UnitRegistry registry,
    IOptions<RollupOptions> options,
    ScreeningClock clock,
    ILogger<SiteGrain> logger) : Grain, ISiteGrain
{
    private RegistryUnit _site = null!;
    private SiteState _state = null!;
    private Watchers _watchers = null!;
    private CoalescingFlush _flush = null!;
    private IGrainTimer? _staleCheck;
    private bool _stale = true;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!registry.TryGet(id, out var site) || !site.IsSite)
        {
            throw new InvalidOperationException($"'{id}' is not a site of the registry.");
        }

        _site = site;
        _state = new SiteState((int)site.Households);
        _watchers = new Watchers(options.Value.WatchLease, logger);
        _flush = new CoalescingFlush(this, options.Value.FlushIntervalFor(UnitLevels.Site), FlushAsync);
        return Task.CompletedTask;
    }

    public Task<ReportResult[]> ApplyAsync(SiteReport[] reports)
    {
        var results = new ReportResult[reports.Length];
        var changed = false;
        for (var i = 0; i < reports.Length; i++)
        {
            var report = reports[i];
            if (report.Household < 1 || report.Household > _state.Households)
            {
                results[i] = ReportResult.Rejected($"household {report.Household} is outside 1..{_state.Households} for site {_site.Id}.");
            }
            else if (_state.HasSeen(report.ReportId))
            {
                results[i] = ReportResult.Duplicate;
            }
            else
            {
                changed |= _state.Apply(HouseholdReported.From(report));
                results[i] = ReportResult.Accepted;
            }
        }

        if (changed)
        {
            RefreshStaleness();
            _flush.Request();
        }

        return Task.FromResult(results);
    }

    public Task<UnitSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public Task<UnitSnapshot> GetSnapshotAsync(bool includeChildren) => Task.FromResult(new UnitSnapshot(Summary(), []));

    public Task<UnitSnapshot> WatchAsync(Abstractions.Push.IUnitObserver observer, bool includeChildren)
    {
        _watchers.Watch(observer, includeChildren);
        return GetSnapshotAsync(includeChildren);
    }

    public Task UnwatchAsync(Abstractions.Push.IUnitObserver observer)
    {
        _watchers.Unwatch(observer);
        return Task.CompletedTask;
    }

    private UnitSummary Summary() => new()
    {
        Id = _site.Id,
        Name = _site.Name,
        Level = _site.Level,
        ParentId = _site.Parent?.Id,
        Kind = _site.Kind,
        RegisteredHouseholds = _state.Households,
        ScreenedHouseholds = _state.Screened,
        AbsentHouseholds = _state.Absent,
        RefusedHouseholds = _state.Refused,
        Residents = _state.Residents,
        LastReportAt = _state.LastReportUtcTicks == 0 ? null : registry.ToLocal(new DateTimeOffset(_state.LastReportUtcTicks, TimeSpan.Zero)),
        Sites = 1,
        StaleSites = _stale ? 1 : 0,
        Version = Version(),
    };

    // Derived, not counted, so that it is the same after a replay: two steps per change, one more while stale.
    private long Version() => 2 * _state.EffectiveEvents + (_stale && _state.EffectiveEvents > 0 ? 1 : 0);

    private void RefreshStaleness()
    {
        var stale = _state.LastReportUtcTicks == 0
            || clock.UtcNow.UtcTicks - _state.LastReportUtcTicks >= options.Value.StalePeriod.Ticks;
        if (stale != _stale)
        {
            _stale = stale;
            _flush.Request();
        }

        // Only a fresh site can go stale by itself; a stale one waits for its next report.
        if (!_stale && _staleCheck is null)
        {
            var interval = options.Value.StaleCheckInterval;
            _staleCheck = this.RegisterGrainTimer(CheckStalenessAsync, interval, interval);
        }
        else if (_stale && _staleCheck is not null)
        {
            _staleCheck.Dispose();
            _staleCheck = null;
        }
    }

    private Task CheckStalenessAsync()
    {
        RefreshStaleness();
        return Task.CompletedTask;
    }

    private async Task FlushAsync()
    {
        var summary = Summary();
        await _watchers.NotifyAsync(summary, []);
        if (_site.Parent is { } parent)
        {
            try
            {
                await GrainFactory.GetGrain<IUnitGrain>(parent.Id).ChildChangedAsync(summary);
            }
            catch (Exception e)
            {
                LogParentUnreachable(e, _site.Id, parent.Id);
                throw;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Site {SiteId} could not tell its parent {ParentId}; retrying at the next flush")]
    private partial void LogParentUnreachable(Exception exception, string siteId, string parentId);
}
