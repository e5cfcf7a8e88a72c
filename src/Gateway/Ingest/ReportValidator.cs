using Canvass.Abstractions.Screening;
using Canvass.Gateway.Auth;
using Canvass.Registry;

namespace Canvass.Gateway.Ingest;

/// <summary>Checks one posted report against the registry and the clock; returns the site's report or the reason it is refused.</summary>
public sealed class ReportValidator(UnitRegistry registry)
{
    /// <param name="times">The times of observation the deployment accepts now (see <see cref="ScreeningWindow"/>).</param>
    /// <param name="scope">The unit whose sites the sender may report for: a site outside it (or any site, when null) is refused as unknown.</param>
    public bool TryValidate(ReportDto dto, RegistryUnit? scope, ReportTimeBounds times, out SiteReport report, out string error)
    {
        report = null!;
        error = Check(dto, scope, times) ?? "";
        if (error.Length > 0)
        {
            return false;
        }

        var outcome = ParseOutcome(dto.Outcome)!.Value;
        var residents = outcome == ScreeningOutcome.Screened ? CountResidents(dto.Residents!, out error) : ResidentCounts.Zero;
        if (residents is null)
        {
            return false;
        }

        report = new SiteReport(dto.ReportId!, dto.Household!.Value, dto.ScreenedAt!.Value, dto.ScreenerId!, outcome, residents);
        return true;
    }

    private string? Check(ReportDto dto, RegistryUnit? scope, ReportTimeBounds times)
    {
        if (FieldRules.CheckId("reportId", dto.ReportId) is { } badId)
        {
            return badId;
        }

        if (string.IsNullOrWhiteSpace(dto.SiteId))
        {
            return "siteId is required.";
        }

        if (!registry.TryGet(dto.SiteId, out var site) || !site.IsSite || !scope.Contains(site))
        {
            return $"site '{dto.SiteId}' is not a site of the registry.";
        }

        if (dto.Household is not { } household)
        {
            return "household is required.";
        }

        if (household < 1 || household > site.Households)
        {
            return $"household {household} is outside 1..{site.Households}, the registered households of site {site.Id}.";
        }

        if (FieldRules.CheckTime("screenedAt", dto.ScreenedAt, times) is { } badTime)
        {
            return badTime;
        }

        if (FieldRules.CheckId("screenerId", dto.ScreenerId) is { } badScreener)
        {
            return badScreener;
        }

        if (ParseOutcome(dto.Outcome) is not { } outcome)
        {
            return $"outcome '{dto.Outcome}' is not one of screened, absent, refused.";
        }

        if (outcome == ScreeningOutcome.Screened && (dto.Residents is null || dto.Residents.Count == 0))
        {
            return "residents is required when the outcome is screened: one entry per resident.";
        }

        if (outcome != ScreeningOutcome.Screened && dto.Residents is { Count: > 0 })
        {
            return $"residents must be empty when the outcome is {dto.Outcome}: nobody was screened.";
        }

        return null;
    }

    private static ScreeningOutcome? ParseOutcome(string? outcome) => outcome switch
    {
        null or "screened" => ScreeningOutcome.Screened,
        "absent" => ScreeningOutcome.Absent,
        "refused" => ScreeningOutcome.Refused,
        _ => null,
    };

    private static ResidentCounts? CountResidents(List<ResidentDto?> residents, out string error)
    {
        Span<long> counts = stackalloc long[ResidentCounts.StatusCount];
        for (var i = 0; i < residents.Count; i++)
        {
            var status = residents[i]?.Status;
            if (ParseStatus(status) is not { } s)
            {
                error = status is null
                    ? $"residents[{i}].status is required."
                    : $"residents[{i}].status '{status}' is not one of normal, fever, keyAreaObservation, homeQuarantine, centralQuarantine, suspected, confirmed.";
                return null;
            }

            if (++counts[(int)s] > ScreeningLimits.MaxResidentsPerHousehold)
            {
                error = $"more than {ScreeningLimits.MaxResidentsPerHousehold} residents of status {status} in one household.";
                return null;
            }
        }

        error = "";
        return ResidentCounts.From(counts);
    }

    private static ResidentStatus? ParseStatus(string? status) => status switch
    {
        "normal" => ResidentStatus.Normal,
        "fever" => ResidentStatus.Fever,
        "keyAreaObservation" => ResidentStatus.KeyAreaObservation,
        "homeQuarantine" => ResidentStatus.HomeQuarantine,
        "centralQuarantine" => ResidentStatus.CentralQuarantine,
        "suspected" => ResidentStatus.Suspected,
        "confirmed" => ResidentStatus.Confirmed,
        _ => null,
    };
}
