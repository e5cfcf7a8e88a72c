namespace Canvass.Gateway.Tests;

/// <summary>
/// The morning clock host for the history by screening time: a test posts a batch "screened this morning" at 17:00
/// and moves on a day to see points go final. History points every second (the host's default for tests), the late
/// window of the product's default (one day).
/// </summary>
public sealed class HistoryClockFixture() : MorningClockFixture([]);

[CollectionDefinition(Name)]
public sealed class HistoryClockCollection : ICollectionFixture<HistoryClockFixture>
{
    public const string Name = "history clock host";
}
