namespace Canvass.Client;

/// <summary>What a subscription follows besides its units, and which of their changes it raises.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>Follow each unit's children too (the districts of a city, the sites of a community). Default false.</summary>
    public bool Children { get; init; }

    /// <summary>Which changes raise <see cref="CanvassSubscription.Changed"/>. Default <see cref="UnitFilter.All"/>.</summary>
    public UnitFilter Filter { get; init; } = UnitFilter.All;

    /// <summary>
    /// The pace of the server's frames: at most this many a second (up to 100), each with the newest summary of every
    /// unit that changed since the previous one; 0 for a frame at every change. Default null: the server's default
    /// (4 a second), right for a display. A partner that must see every change asks for 0.
    /// </summary>
    public double? MaxRate { get; init; }
}
