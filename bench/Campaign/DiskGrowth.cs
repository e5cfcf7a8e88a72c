namespace Canvass.Bench.Campaign;

/// <summary>
/// How the store grew with the reports: the least-squares slope of its bytes on disk over the reports accepted so
/// far (the bytes a report costs), how straight that line is (R², 1 = a straight line), and the spread of the
/// rounds' own increments per report.
/// </summary>
public sealed record DiskGrowth(double? BytesPerReport, double? RSquared, double? MinRoundBytesPerReport, double? MaxRoundBytesPerReport)
{
    /// <summary>From (reports accepted so far, bytes on disk) points, the first one taken before any report.</summary>
    public static DiskGrowth Fit(IReadOnlyList<(double Reports, double Bytes)> points)
    {
        if (points.Count < 2)
        {
            return new DiskGrowth(null, null, null, null);
        }

        var n = points.Count;
        var meanX = points.Average(p => p.Reports);
        var meanY = points.Average(p => p.Bytes);
        var sxx = points.Sum(p => (p.Reports - meanX) * (p.Reports - meanX));
        var sxy = points.Sum(p => (p.Reports - meanX) * (p.Bytes - meanY));
        var syy = points.Sum(p => (p.Bytes - meanY) * (p.Bytes - meanY));
        if (sxx == 0)
        {
            return new DiskGrowth(null, null, null, null);
        }

        var slope = sxy / sxx;
        var rSquared = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        var increments = Enumerable.Range(1, n - 1)
            .Where(i => points[i].Reports > points[i - 1].Reports)
            .Select(i => (points[i].Bytes - points[i - 1].Bytes) / (points[i].Reports - points[i - 1].Reports))
            .ToArray();
        return new DiskGrowth(Math.Round(slope, 1), Math.Round(rSquared, 4),
            increments.Length > 0 ? Math.Round(increments.Min(), 1) : null,
            increments.Length > 0 ? Math.Round(increments.Max(), 1) : null);
    }
}
