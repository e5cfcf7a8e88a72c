namespace Canvass.Storage.Webhooks;

/// <summary>
/// A partner's webhook registration as stored: where to deliver, the secret that signs deliveries, and the units it
/// follows. <paramref name="Units"/> keeps the order given. <paramref name="DailyReportsThrough"/>: every daily
/// report up to this day is delivered, or was published before the registration (which sets it to the newest day
/// then); null for a registration from before webhooks carried the daily reports, until its first activation.
/// </summary>
public sealed record StoredWebhook(
    string Id,
    string Partner,
    string Url,
    string Secret,
    IReadOnlyList<string> Units,
    bool Children,
    DateTimeOffset CreatedAt,
    DateOnly? DailyReportsThrough = null)
{
    // The secret signs every delivery; it never belongs in a log line or an exception message.
    public override string ToString() => $"webhook {Id} of {Partner}";

    public bool Equals(StoredWebhook? other) =>
        other is not null && Id == other.Id && Partner == other.Partner && Url == other.Url && Secret == other.Secret
        && Units.SequenceEqual(other.Units) && Children == other.Children && CreatedAt == other.CreatedAt
        && DailyReportsThrough == other.DailyReportsThrough;

    public override int GetHashCode() => HashCode.Combine(Id, Partner, Url, CreatedAt);
}
