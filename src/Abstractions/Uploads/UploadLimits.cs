namespace Canvass.Abstractions.Uploads;

/// <summary>The bounds of the receipt reads, shared by the gateway's routes and the grain that reads the store.</summary>
public static class UploadLimits
{
    /// <summary>Most receipts one lag answer reads: a community's day holds a few hundred; a city's busiest day may hold more.</summary>
    public const int MaxLagReceipts = 20_000;

    /// <summary>Most receipts one list answer carries (<c>limit</c>), and its default.</summary>
    public const int MaxList = 1_000, DefaultList = 100;
}
