namespace Canvass.Client;

/// <summary>What a subscription follows besides its units, and which of their changes it raises.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>Follow each unit's children too (the districts of a city, the sites of a community). Default false.</summary>
    public bool Children { get; init; }

    /// <summary>Which changes raise <see cref="CanvassSubscription.Changed"/>. Default <see cref="UnitFilter.All"/>.</summary>
    public UnitFilter Filter { get; init; } = UnitFilter.All;
}
