namespace Canvass.Abstractions.Webhooks;

/// <summary>What a partner registers: where to post, the secret that signs each delivery, and the units to follow.</summary>
[GenerateSerializer, Immutable, Alias("canvass.WebhookRegistration")]
public sealed record WebhookRegistration(
    [property: Id(0)] string Partner,
    [property: Id(1)] string Url,
    [property: Id(2)] string Secret,
    [property: Id(3)] IReadOnlyList<string> Units,
    [property: Id(4)] bool Children)
{
    // The secret signs every delivery; it never belongs in a log line or an exception message.
    public override string ToString() => $"webhook of {Partner} for {Units.Count} units";
}
