namespace Canvass.Client;

/// <summary>The server refused a subscription: an unknown unit id, too many units, a filter it does not take.</summary>
public sealed class CanvassSubscriptionException(string message, Exception? innerException = null) : Exception(message, innerException);
