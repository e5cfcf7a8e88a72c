namespace Canvass.Abstractions.Webhooks;

/// <summary>Bounds of a webhook registration, checked where it is received.</summary>
public static class WebhookLimits
{
    /// <summary>A secret shorter than this is refused: HMAC-SHA256 keys of 32 bytes or more.</summary>
    public const int MinSecretLength = 32;

    public const int MaxSecretLength = 1024;

    /// <summary>Units one registration may name (their children, when asked, come on top).</summary>
    public const int MaxUnits = 200;

    public const int MaxPartnerLength = 100;

    public const int MaxUrlLength = 2048;
}
