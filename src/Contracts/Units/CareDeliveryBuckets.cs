namespace Canvass.Contracts.Units;

/// <summary>
/// The buckets of today's request-to-delivery times that a summary carries (internal, like its <c>Loading</c>):
/// an aggregate sums its children's buckets, so its median is exact at bucket resolution, which a median of medians
/// would not be. 5 min wide up to 2 h, 15 min up to 6 h, 1 h up to 24 h, then one bucket for anything longer.
/// </summary>
internal static class CareDeliveryBuckets
{
    /// <summary>24 of 5 min, 16 of 15 min, 18 of 1 h, 1 overflow.</summary>
    public const int Count = 24 + 16 + 18 + 1;

    /// <summary>The bucket of a delivery <paramref name="minutes"/> after its request (negative counts as 0).</summary>
    public static int Of(double minutes) => minutes switch
    {
        < 120 => (int)(Math.Max(0, minutes) / 5),
        < 360 => 24 + (int)((minutes - 120) / 15),
        < 1440 => 40 + (int)((minutes - 360) / 60),
        _ => Count - 1,
    };

    /// <summary>The middle of bucket <paramref name="bucket"/> in minutes (the overflow bucket reads as 24 h).</summary>
    public static double Middle(int bucket) => bucket switch
    {
        < 24 => bucket * 5 + 2.5,
        < 40 => 120 + (bucket - 24) * 15 + 7.5,
        < Count - 1 => 360 + (bucket - 40) * 60 + 30,
        _ => 1440,
    };

    /// <summary>The median at bucket resolution (the middle of the bucket holding the lower median); null for none.</summary>
    public static double? Median(IReadOnlyList<int>? buckets)
    {
        if (buckets is null)
        {
            return null;
        }

        long total = 0;
        foreach (var n in buckets)
        {
            total += n;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = (total + 1) / 2;
        long seen = 0;
        for (var b = 0; b < buckets.Count; b++)
        {
            seen += buckets[b];
            if (seen >= rank)
            {
                return Middle(b);
            }
        }

        return Middle(buckets.Count - 1);
    }
}
