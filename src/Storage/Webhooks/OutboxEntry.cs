namespace Canvass.Storage.Webhooks;

/// <summary>
/// What the outbox holds for one unit of one webhook: the highest version the receiver acknowledged (null before
/// the first), and the delivery still owed, if any (always of a higher version than the acknowledged one).
/// </summary>
public sealed record OutboxEntry(string UnitId, long? DeliveredVersion, PendingDelivery? Pending);

/// <summary>A delivery owed: the unit's summary at <paramref name="Version"/>, as the JSON <paramref name="Body"/> to post.</summary>
public sealed record PendingDelivery(string UnitId, long Version, string Body);
