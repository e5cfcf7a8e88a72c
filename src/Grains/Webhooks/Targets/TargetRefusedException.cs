namespace Canvass.Grains.Webhooks.Targets;

/// <summary>
/// Thrown by <see cref="TargetConnector"/> inside the HTTP stack, the only way a connect callback can fail a
/// request; <see cref="WebhookSender"/> turns it into the category <c>refused</c>. Its message names the address,
/// for the silo's log; <see cref="Detail"/> does not, for the partner.
/// </summary>
public sealed class TargetRefusedException(string host, string address, string kind)
    : Exception($"{host} resolves to {address} ({kind}), which webhooks may not reach (Webhooks:AllowedPrivateTargets).")
{
    /// <summary>Why, without the address: a partner learns nothing of the inside from it.</summary>
    public string Detail { get; } =
        $"url's host '{host}' is or resolves to an address webhooks may not reach ({kind}); they are delivered only to public addresses (an operator may allow networks in Webhooks:AllowedPrivateTargets).";
}
