using Canvass.Abstractions.Units;
using Canvass.Abstractions.Webhooks;
using Canvass.Storage.Webhooks;

namespace Canvass.Grains.Webhooks;

/// <summary>A webhook's deliveries of one unit, in the memory of its grain.</summary>
internal sealed class UnitOutbox(string unitId)
{
    public string UnitId { get; } = unitId;

    /// <summary>The highest version the receiver acknowledged (durable).</summary>
    public long? Delivered { get; set; }

    /// <summary>The delivery owed (durable in the outbox before it is ever attempted).</summary>
    public PendingDelivery? Pending { get; set; }

    /// <summary>A newer summary seen but not yet in the outbox.</summary>
    public UnitSummary? Staged { get; set; }

    public int Failures { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string? LastError { get; set; }

    public bool InFlight { get; set; }

    /// <summary>The highest version this unit has seen: acknowledged, owed or staged; a summary at or below it is no news.</summary>
    public long Highest => Math.Max(Math.Max(Delivered ?? long.MinValue, Pending?.Version ?? long.MinValue), Staged?.Version ?? long.MinValue);

    public WebhookUnitDeliveries Status() => new()
    {
        UnitId = UnitId,
        DeliveredVersion = Delivered,
        PendingVersion = Pending?.Version,
        FailedAttempts = Failures,
        NextAttemptAt = Failures > 0 && Pending is not null ? DueAt : null,
        LastError = Failures > 0 ? LastError : null,
    };
}
