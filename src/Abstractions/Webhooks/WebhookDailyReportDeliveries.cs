namespace Canvass.Abstractions.Webhooks;

/// <summary>Where a webhook's deliveries of the published daily reports stand (one event per unit registered and day).</summary>
[GenerateSerializer, Immutable, Alias("canvass.WebhookDailyReportDeliveries")]
public sealed record WebhookDailyReportDeliveries
{
    /// <summary>
    /// Every day up to this one is done: each unit's event acknowledged, or the day published before the webhook was
    /// registered; null only while no day was ever published.
    /// </summary>
    [Id(0)] public DateOnly? DeliveredThrough { get; init; }

    /// <summary>The oldest published day still owed, or null when nothing is owed.</summary>
    [Id(1)] public DateOnly? PendingDate { get; init; }

    /// <summary>Failed attempts in a row at the day owed.</summary>
    [Id(2)] public int FailedAttempts { get; init; }

    /// <summary>When the next attempt is due, while attempts are failing.</summary>
    [Id(3)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>Why the last attempt failed, while failing: a category only, as a unit's <c>lastError</c>.</summary>
    [Id(4)] public string? LastError { get; init; }
}
