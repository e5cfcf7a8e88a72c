namespace Canvass.Abstractions.CasePlaces;

/// <summary>
/// The published list of the places visited by confirmed cases on <see cref="Date"/>: the marks as they stood at the
/// cut-off of the next day, published then and never changed; what was learned later follows as
/// <see cref="Corrections"/>, each at a later cut-off.
/// </summary>
/// <param name="Date">The day the cases visited the places.</param>
/// <param name="CutOff">The cut-off the list stands for (the next day at 14:00 local by default).</param>
/// <param name="PublishedAt">When it was published: the cut-off, or later if the service was down then.</param>
/// <param name="Places">The places as first published.</param>
/// <param name="Corrections">Later publications for the same day, oldest first.</param>
[GenerateSerializer, Immutable, Alias("canvass.CasePlacesList")]
public sealed record CasePlacesList(
    [property: Id(0)] DateOnly Date,
    [property: Id(1)] DateTimeOffset CutOff,
    [property: Id(2)] DateTimeOffset PublishedAt,
    [property: Id(3)] IReadOnlyList<CasePlace> Places,
    [property: Id(4)] IReadOnlyList<CasePlacesCorrection> Corrections);

/// <summary>A later publication for the same day: places added to the list and places taken off it.</summary>
[GenerateSerializer, Immutable, Alias("canvass.CasePlacesCorrection")]
public sealed record CasePlacesCorrection(
    [property: Id(0)] DateTimeOffset CutOff,
    [property: Id(1)] DateTimeOffset PublishedAt,
    [property: Id(2)] IReadOnlyList<CasePlace> Added,
    [property: Id(3)] IReadOnlyList<CasePlace> Removed);
