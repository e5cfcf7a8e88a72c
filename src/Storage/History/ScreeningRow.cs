namespace Canvass.Storage.History;

/// <summary>One unit's screening-time row: the values of <see cref="ScreeningValues"/> for the bucket ending at <paramref name="At"/> (UTC).</summary>
public sealed record ScreeningRow(string UnitId, DateTimeOffset At, long[] Values);

/// <summary>A site's row as the site holds it, and the ancestors whose rows take its difference from the stored one.</summary>
public sealed record ScreeningWrite(ScreeningRow Site, IReadOnlyList<string> Ancestors);

/// <summary>
/// What each value of a screening row means: screened, absent, refused, then the seven resident statuses, then the
/// newest screenedAt in the bucket (UTC ticks; combined by the largest), then the checkpoint figures: closed sites,
/// unstaffed sites and the temperature checks of the last hour. All but the newest screenedAt are differences that
/// sum to the figures.
/// </summary>
public static class ScreeningValues
{
    public const int Screened = 0;
    public const int Absent = 1;
    public const int Refused = 2;
    public const int Residents = 3;
    public const int LastAt = 10;

    /// <summary>The values a row had before the checkpoint figures (site snapshot format 6 holds rows this long).</summary>
    public const int HouseholdCount = 11;

    public const int Closed = 11;
    public const int Unstaffed = 12;
    public const int TemperatureChecks = 13;
    public const int Count = 14;

    /// <summary>The store's column of each value, in order.</summary>
    public static readonly string[] Columns =
        ["screened", "absent", "refused", "r0", "r1", "r2", "r3", "r4", "r5", "r6", "last_at", "closed", "unstaffed", "temperature_checks"];

    /// <summary>What <paramref name="now"/> adds to an ancestor over <paramref name="old"/> (null: nothing held): differences, and its newest report.</summary>
    public static long[] Difference(long[] now, long[]? old)
    {
        var difference = new long[Count];
        for (var i = 0; i < Count; i++)
        {
            difference[i] = i == LastAt ? now[i] : now[i] - (old?[i] ?? 0);
        }

        return difference;
    }

    /// <summary>Adds <paramref name="add"/> into <paramref name="into"/>: sums, and the larger newest report.</summary>
    public static void Add(long[] into, long[] add)
    {
        for (var i = 0; i < Count; i++)
        {
            into[i] = i == LastAt ? Math.Max(into[i], add[i]) : into[i] + add[i];
        }
    }
}

/// <summary>How the SQL backends turn sites' rows into the statements of one transaction.</summary>
internal static class ScreeningPlan
{
    /// <summary>
    /// The ancestors' additions: each site row's difference from <paramref name="old"/> (what the store holds),
    /// summed per unit and bucket, in (unit, at) order so that concurrent writers lock rows in the same order.
    /// </summary>
    public static List<ScreeningRow> Additions(IReadOnlyList<ScreeningWrite> writes, IReadOnlyDictionary<(string, long), long[]> old)
    {
        var sums = new SortedDictionary<(string Unit, long At), long[]>(Comparer<(string, long)>.Create(
            (a, b) => string.CompareOrdinal(a.Item1, b.Item1) is var c && c != 0 ? c : a.Item2.CompareTo(b.Item2)));
        foreach (var write in writes)
        {
            var at = write.Site.At.UtcTicks;
            var difference = ScreeningValues.Difference(write.Site.Values, old.GetValueOrDefault((write.Site.UnitId, at)));
            foreach (var ancestor in write.Ancestors)
            {
                if (!sums.TryGetValue((ancestor, at), out var sum))
                {
                    sums[(ancestor, at)] = sum = new long[ScreeningValues.Count];
                }

                ScreeningValues.Add(sum, difference);
            }
        }

        return sums.Select(e => new ScreeningRow(e.Key.Unit, new DateTimeOffset(e.Key.At, TimeSpan.Zero), e.Value)).ToList();
    }

    /// <summary>The column list, comma-separated.</summary>
    public static string Columns => string.Join(", ", ScreeningValues.Columns);

    /// <summary>SET clause of an additive upsert; <paramref name="greatest"/> is MAX (SQLite) or GREATEST (PostgreSQL).</summary>
    public static string AddSet(string table, string greatest) => string.Join(", ", ScreeningValues.Columns.Select((c, i) =>
        i == ScreeningValues.LastAt ? $"{c} = {greatest}({table}.{c}, excluded.{c})" : $"{c} = {table}.{c} + excluded.{c}"));

    /// <summary>SET clause of an upsert that writes the values as given.</summary>
    public static string ReplaceSet => string.Join(", ", ScreeningValues.Columns.Select(c => $"{c} = excluded.{c}"));

    /// <summary>Sum of every column but the last, which takes the maximum.</summary>
    public static string Aggregates => string.Join(", ", ScreeningValues.Columns.Select((c, i) =>
        i == ScreeningValues.LastAt ? $"MAX({c})" : $"SUM({c})"));
}
