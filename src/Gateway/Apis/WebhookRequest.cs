namespace Canvass.Gateway.Apis;

/// <summary>A webhook registration: where to post, the units to follow, and the secret that signs each delivery.</summary>
/// <param name="Partner">Who registers it (at most 100 characters): a partner token's own subject, which is also the default; an admin may name any partner.</param>
/// <param name="Url">The absolute http or https address deliveries are posted to (at most 2,048 characters).</param>
/// <param name="Units">1 to 200 distinct unit ids of the registry.</param>
/// <param name="Secret">32 to 1,024 characters (32 random bytes as hex, say) that sign every delivery; kept to sign, never returned or logged.</param>
/// <param name="Children">Whether the children of each unit are delivered too; false when absent.</param>
// Children last with a default: the one member a client may leave out, so the schema does not require it.
public sealed record WebhookRequest(string? Partner, string? Url, List<string>? Units, string? Secret, bool? Children = null)
{
    // The secret signs every delivery; it never belongs in a log line or an exception message.
    public override string ToString() => $"webhook request of {Partner} for {Units?.Count ?? 0} units";
}
