using Canvass.Bench.Output;

namespace Canvass.Bench.Campaign;

/// <summary>
/// The campaign targets of issue 12, read off the rounds: memory flat (RSS after the last round within 10% of
/// after round 2), restarts flat (round 2's restart within 10% of the last one's, and under 30 s), the rate flat
/// (every round within 10% of the first), and the disk growing linearly. Printed, never asserted.
/// </summary>
public static class CampaignVerdicts
{
    private const double Tolerance = 0.10;
    private const double RestartCeilingSeconds = 30;

    // A straight line explains at least this share of the disk's growth; below it the growth bends.
    private const double LinearRSquared = 0.99;

    public static IReadOnlyList<Verdict> Judge(IReadOnlyList<RoundFigures> rounds, DiskGrowth disk) =>
        [Memory(rounds), Restarts(rounds), Rate(rounds), Disk(disk)];

    private static Verdict Memory(IReadOnlyList<RoundFigures> rounds)
    {
        const string target = "RSS after the last round within 10% of after round 2";
        var second = rounds.FirstOrDefault(r => r.Round == 2);
        var last = rounds.Count > 0 ? rounds[^1] : null;
        if (second?.RssMb is not { } baseline || last?.RssMb is not { } end)
        {
            return new Verdict(target, "— (needs round 2 and the server's RSS)", null);
        }

        return new Verdict(target, $"round 2 {Format.Count(baseline)} MB, round {last.Round} {Format.Count(end)} MB: {Ratio(end, baseline)}", Within(end, baseline));
    }

    private static Verdict Restarts(IReadOnlyList<RoundFigures> rounds)
    {
        const string target = "restart to exact figures: round 2's within 10% of the last one's, and under 30 s";
        var restarted = rounds.Where(r => r.Round >= 2 && r.Restart is not null).ToArray();
        if (restarted.Length == 0)
        {
            return new Verdict(target, "— (no restart after round 2; see --restart-every)", null);
        }

        var (first, last) = (restarted[0], restarted[^1]);
        if (first.Restart!.KillToExactSeconds is not { } baseline || last.Restart!.KillToExactSeconds is not { } end)
        {
            return new Verdict(target, "a restart never reached exact figures", false);
        }

        var measured = $"round {first.Round} {Format.Fixed(baseline, 1)} s, round {last.Round} {Format.Fixed(end, 1)} s: {Ratio(end, baseline)}";
        return new Verdict(target, measured, Within(end, baseline) && end < RestartCeilingSeconds);
    }

    private static Verdict Rate(IReadOnlyList<RoundFigures> rounds)
    {
        const string target = "every round's reports/s within 10% of the first round's";
        if (rounds.Count < 2 || rounds[0].ReportsPerSecond <= 0)
        {
            return new Verdict(target, "— (needs two rounds)", null);
        }

        var first = rounds[0].ReportsPerSecond;
        var worst = rounds.Skip(1).MaxBy(r => Math.Abs(r.ReportsPerSecond / first - 1))!;
        var last = rounds[^1];
        var measured = $"round 1 {Format.Count(first)}/s, round {last.Round} {Format.Count(last.ReportsPerSecond)}/s ({Ratio(last.ReportsPerSecond, first)}); furthest: round {worst.Round} ({Ratio(worst.ReportsPerSecond, first)})";
        return new Verdict(target, measured, rounds.All(r => Within(r.ReportsPerSecond, first)));
    }

    private static Verdict Disk(DiskGrowth disk)
    {
        const string target = "journal bytes on disk grow linearly with the reports (R² of the fit at least 0.99)";
        if (disk.BytesPerReport is not { } slope || disk.RSquared is not { } r2)
        {
            return new Verdict(target, "— (needs the journal's size: --journal or --postgres)", null);
        }

        var measured = $"{Format.Count(slope)} bytes per report, R² {Format.Fixed(r2, 4)}; per round {Format.Count(disk.MinRoundBytesPerReport ?? 0)} to {Format.Count(disk.MaxRoundBytesPerReport ?? 0)}";
        return new Verdict(target, measured, r2 >= LinearRSquared);
    }

    private static bool Within(double value, double baseline) => Math.Abs(value / baseline - 1) <= Tolerance;

    private static string Ratio(double value, double baseline) => $"{Format.Fixed(value / baseline, 2)}x";
}
