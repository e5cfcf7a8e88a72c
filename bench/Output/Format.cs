using System.Globalization;

namespace Canvass.Bench.Output;

/// <summary>Number formats shared by the progress line and the summaries, culture-invariant so logs compare.</summary>
public static class Format
{
    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);

    public static string Count(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Fixed(double n, int decimals) => n.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
