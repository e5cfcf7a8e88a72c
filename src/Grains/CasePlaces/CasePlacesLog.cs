using System.Text.Json;
using Canvass.Abstractions.CasePlaces;
using Canvass.Abstractions.Wire;
using Canvass.Storage;

namespace Canvass.Grains.CasePlaces;

/// <summary>
/// The case-places grain's events as journal rows, in a stream of its own (<see cref="StreamId"/>, which no site id
/// can be: those are <c>&lt;community&gt;-&lt;nnn&gt;</c>). A mark names only a site and a date.
/// </summary>
internal static class CasePlacesLog
{
    public const string StreamId = "case-places";
    public const byte MarkKind = 3;
    public const byte PublishKind = 4;

    // A mark: the site in screener_id, the date's day number in residents, mark (1) or unmark (0) in outcome.
    public static JournalRecord Mark(long sequence, string siteId, DateOnly date, bool marked, DateTimeOffset at) =>
        new(sequence, "mark", 0, at.UtcTicks, marked ? (byte)1 : (byte)0, date.DayNumber, siteId, Kind: MarkKind);

    // A publication: the date in residents, when in screened_at, the list itself (immutable from then on) in detail.
    public static JournalRecord Publish(long sequence, Publication publication) =>
        new(sequence, "publish", 0, publication.PublishedAt.UtcTicks, publication.Correction ? (byte)1 : (byte)0,
            publication.Date.DayNumber, "", Kind: PublishKind, Detail: JsonSerializer.Serialize(publication, WireJsonOptions.Default));

    public static Publication ReadPublication(JournalRecord record) =>
        JsonSerializer.Deserialize<Publication>(record.Detail!, WireJsonOptions.Default)
            ?? throw new InvalidDataException($"Case-places record {record.Sequence} holds no publication.");
}

/// <summary>One publication as stored: a day's first list, or a correction to it.</summary>
internal sealed record Publication(
    DateOnly Date,
    bool Correction,
    DateTimeOffset CutOff,
    DateTimeOffset PublishedAt,
    IReadOnlyList<CasePlace> Added,
    IReadOnlyList<CasePlace> Removed);
