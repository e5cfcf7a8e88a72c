namespace Canvass.Abstractions.Webhooks;

/// <summary>What a registration came to: the webhook, or why the silo refused it (nothing is stored then).</summary>
[GenerateSerializer, Immutable, Alias("canvass.WebhookCreation")]
public sealed record WebhookCreation
{
    /// <summary>The registration as stored; null when refused.</summary>
    [Id(0)] public WebhookInfo? Webhook { get; init; }

    [Id(1)] public WebhookRefusal Refusal { get; init; }

    /// <summary>Why, in words a partner may read (no address of the inside); null when created.</summary>
    [Id(2)] public string? Detail { get; init; }
}

/// <summary>Why a silo refused a registration that the gateway found well formed.</summary>
[GenerateSerializer, Alias("canvass.WebhookRefusal")]
public enum WebhookRefusal
{
    None = 0,

    /// <summary>The url's host is, or resolves to, an address webhooks may not reach.</summary>
    Target = 1,

    /// <summary>The partner has <c>Webhooks:MaxPerPartner</c> webhooks already.</summary>
    TooMany = 2,
}
