using Canvass.Abstractions.Screening;

namespace Canvass.Grains.Screening;

/// <summary>
/// Sorts a batch of reports into rejected, duplicate and new, the same way for every kind of report a site takes:
/// what the site's state can decide it decides from memory, and the few reports older than what it holds (which
/// change no figure either way) are looked up in the journal in one call.
/// </summary>
internal static class BatchTriage
{
    /// <summary>Fills <paramref name="results"/> and returns the indexes of the new reports, in batch order.</summary>
    public static async Task<List<int>> NewReportsAsync<T>(
        IReadOnlyList<T> reports,
        ReportResult[] results,
        Func<T, string> idOf,
        Func<T, string?> rejection,
        Func<T, DuplicateCheck> check,
        Func<string[], Task<IReadOnlySet<string>>> seen)
    {
        var fresh = new List<int>(reports.Count);
        // Most batches hold one report per site (random households): no set for those.
        var inBatch = reports.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
        List<int>? ask = null;
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            if (rejection(report) is { } error)
            {
                results[i] = ReportResult.Rejected(error);
                continue;
            }

            if (inBatch?.Add(idOf(report)) == false)
            {
                results[i] = ReportResult.Duplicate;
                continue;
            }

            switch (check(report))
            {
                case DuplicateCheck.New:
                    results[i] = ReportResult.Accepted;
                    fresh.Add(i);
                    break;
                case DuplicateCheck.Duplicate:
                    results[i] = ReportResult.Duplicate;
                    break;
                default:
                    (ask ??= []).Add(i);
                    break;
            }
        }

        if (ask is null)
        {
            return fresh;
        }

        var known = await seen(ask.Select(i => idOf(reports[i])).ToArray());
        foreach (var i in ask)
        {
            var isNew = !known.Contains(idOf(reports[i]));
            results[i] = isNew ? ReportResult.Accepted : ReportResult.Duplicate;
            if (isNew)
            {
                fresh.Add(i);
            }
        }

        fresh.Sort();
        return fresh;
    }
}
