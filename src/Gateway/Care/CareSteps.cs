using Canvass.Abstractions.Care;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Auth;
using Canvass.Gateway.Hosting;
using Canvass.Gateway.Ingest;
using Canvass.Registry;

namespace Canvass.Gateway.Care;

/// <summary>
/// The single steps on a quarantine or a care request, for the API and the simulator alike: the path id's site must
/// be a site within the caller's scope (else the step is unknown, exactly as an id that does not exist), a time given
/// must be one a clock could give, and the site's grain takes the step.
/// </summary>
public sealed class CareSteps(UnitRegistry registry, UnitGrains grains, ScreeningWindow window, ObservationClock clock)
{
    public Task<Stepped<CareStepOutcome>> StepCareAsync(string id, CareStep step, string? reason, DateTimeOffset? at, RegistryUnit? scope, string? subject) =>
        StepAsync(id, at, "at", scope, (site, localId, time) => site.StepCareAsync(localId, step, reason, time, subject), new CareStepOutcome(CareOutcomeStatus.Unknown, null, null));

    public Task<Stepped<QuarantineOutcome>> EndQuarantineAsync(string id, DateTimeOffset? at, RegistryUnit? scope, string? subject) =>
        StepAsync(id, at, "at", scope, (site, localId, time) => site.EndQuarantineAsync(localId, time, subject), new QuarantineOutcome(CareOutcomeStatus.Unknown, null, null));

    /// <summary>Moves a quarantine's planned end; the grain refuses one not after its start (out of order).</summary>
    public async Task<Stepped<QuarantineOutcome>> ExtendQuarantineAsync(string id, DateTimeOffset plannedEnd, RegistryUnit? scope, string? subject)
    {
        if (!TryFind(id, scope, out var site, out var localId))
        {
            return new(new QuarantineOutcome(CareOutcomeStatus.Unknown, null, null), null);
        }

        if (plannedEnd < FieldRules.Earliest)
        {
            return new(default, $"plannedEnd {plannedEnd:O} is before {FieldRules.Earliest:yyyy-MM-dd}.");
        }

        return new(await grains.Site(site).ExtendQuarantineAsync(localId, plannedEnd, subject), null);
    }

    private async Task<Stepped<T>> StepAsync<T>(string id, DateTimeOffset? at, string timeName, RegistryUnit? scope,
        Func<ISiteGrain, string, DateTimeOffset, Task<T>> step, T unknown)
        where T : class
    {
        // The scope first: a bad time on an id outside it must not tell the caller that the id exists.
        if (!TryFind(id, scope, out var site, out var localId))
        {
            return new(unknown, null);
        }

        if (at is not null && FieldRules.CheckTime(timeName, at, await window.GetAsync()) is { } badTime)
        {
            return new(default, badTime);
        }

        return new(await step(grains.Site(site), localId, at ?? clock.UtcNow), null);
    }

    private bool TryFind(string id, RegistryUnit? scope, out string siteId, out string localId)
    {
        if (CareIds.TryParse(id, out siteId, out localId) && registry.TryGetVisible(siteId, scope, out var site) && site.IsSite)
        {
            return true;
        }

        (siteId, localId) = ("", "");
        return false;
    }
}

/// <summary>A step's outcome, or why its input is refused (the step was not taken).</summary>
public readonly record struct Stepped<T>(T? Outcome, string? BadInput)
    where T : class;
