namespace Canvass.Abstractions.Webhooks;

/// <summary>Where the deliveries of one unit to one webhook stand.</summary>
[GenerateSerializer, Immutable, Alias("canvass.WebhookUnitDeliveries")]
public sealed record WebhookUnitDeliveries
{
    [Id(0)] public required string UnitId { get; init; }

    /// <summary>The highest version the receiver acknowledged; null before the first.</summary>
    [Id(1)] public long? DeliveredVersion { get; init; }

    /// <summary>The version owed (the unit's latest not yet acknowledged), or null when nothing is owed.</summary>
    [Id(2)] public long? PendingVersion { get; init; }

    /// <summary>Failed attempts at the pending version (and the versions it replaced) since the last acknowledgement.</summary>
    [Id(3)] public int FailedAttempts { get; init; }

    /// <summary>When the next attempt is due, while attempts are failing.</summary>
    [Id(4)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>
    /// Why the last attempt failed, while failing, as a category only: <c>refused</c> (the address is one webhooks
    /// may not reach), <c>timeout</c>, <c>connection failed</c> or <c>HTTP status 503</c>; never an address.
    /// </summary>
    [Id(5)] public string? LastError { get; init; }
}
