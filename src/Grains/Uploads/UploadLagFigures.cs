using Canvass.Contracts.Reports;

namespace Canvass.Grains.Uploads;

/// <summary>Per subject and per site: uploads, the latest, and the lags of accepted items, gathered receipt by receipt.</summary>
internal sealed class UploadLagFigures
{
    private readonly Dictionary<string, Entry> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _sites = new(StringComparer.Ordinal);

    /// <param name="upload">One receipt of the unit as stored.</param>
    /// <param name="holds">Whether a site of the receipt belongs to the unit asked for.</param>
    public void Add(UploadDocument upload, Func<string, bool> holds)
    {
        var receipt = upload.Receipt;
        Entry? subject = null;
        if (receipt.Subject is { } name)
        {
            if (!_subjects.TryGetValue(name, out subject))
            {
                _subjects[name] = subject = new Entry();
            }

            subject.Count(receipt.ReceivedAt);
        }

        foreach (var siteId in receipt.Sites)
        {
            if (!holds(siteId))
            {
                continue;
            }

            if (!_sites.TryGetValue(siteId, out var site))
            {
                _sites[siteId] = site = new Entry();
            }

            site.Count(receipt.ReceivedAt);
            if (upload.LagSeconds.TryGetValue(siteId, out var lags))
            {
                site.Lags.AddRange(lags);
                subject?.Lags.AddRange(lags);
            }
        }
    }

    public IReadOnlyList<UploadLag> Subjects() =>
        [.. _subjects.OrderByDescending(e => e.Value.Last).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.ToLag(e.Key, null))];

    public IReadOnlyList<UploadLag> Sites() =>
        [.. _sites.OrderByDescending(e => e.Value.Last).ThenBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Value.ToLag(null, e.Key))];

    /// <summary>The nearest-rank percentile <paramref name="share"/> of sorted <paramref name="values"/>, in minutes to 0.1.</summary>
    internal static double Percentile(List<int> values, double share)
    {
        var rank = Math.Max(1, (int)Math.Ceiling(share * values.Count));
        return Math.Round(values[rank - 1] / 60.0, 1);
    }

    private sealed class Entry
    {
        public int Uploads { get; private set; }

        public DateTimeOffset Last { get; private set; }

        public List<int> Lags { get; } = [];

        public void Count(DateTimeOffset receivedAt)
        {
            Uploads++;
            if (receivedAt > Last)
            {
                Last = receivedAt;
            }
        }

        public UploadLag ToLag(string? subject, string? siteId)
        {
            if (Lags.Count == 0)
            {
                return new UploadLag(subject, siteId, Uploads, Last, null, null);
            }

            Lags.Sort();
            return new UploadLag(subject, siteId, Uploads, Last, Percentile(Lags, 0.5), Percentile(Lags, 0.9));
        }
    }
}
