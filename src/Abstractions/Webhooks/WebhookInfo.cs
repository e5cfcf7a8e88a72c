using System.Text.Json.Serialization;

namespace Canvass.Abstractions.Webhooks;

/// <summary>A webhook registration as shown to its partner: everything but the secret.</summary>
[GenerateSerializer, Immutable, Alias("canvass.WebhookInfo")]
public sealed record WebhookInfo
{
    /// <summary>The webhook's id, <c>wh-</c> and 24 hex digits; its address is <c>/api/webhooks/{id}</c>.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Who registered it; access will later be scoped by it.</summary>
    [Id(1)] public required string Partner { get; init; }

    /// <summary>Where deliveries are posted.</summary>
    [Id(2)] public required string Url { get; init; }

    /// <summary>The units registered, in the order given.</summary>
    [Id(3)] public required IReadOnlyList<string> Units { get; init; }

    /// <summary>Whether the children of each unit are delivered too.</summary>
    [Id(4)] public bool Children { get; init; }

    /// <summary>When it was registered.</summary>
    [Id(5)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Per unit delivered, the state of its deliveries; only when one webhook is read, not in lists.</summary>
    [Id(6)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<WebhookUnitDeliveries>? Deliveries { get; init; }

    /// <summary>Where the deliveries of the daily reports stand; only when one webhook is read, not in lists.</summary>
    [Id(7)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public WebhookDailyReportDeliveries? DailyReports { get; init; }
}
