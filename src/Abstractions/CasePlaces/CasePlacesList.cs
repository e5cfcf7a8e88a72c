namespace Canvass.Abstractions.CasePlaces;

/// <summary>
/// The published list of the places visited by confirmed cases on <c>date</c>: the marks as they stood at the
/// cut-off of the next day, published then and never changed; what was learned later follows as
/// <c>corrections</c>, each at a later cut-off.
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
/// <param name="CutOff">The later cut-off it stands for.</param>
/// <param name="PublishedAt">When it was published: the cut-off, or later if the service was down then.</param>
/// <param name="Added">Places added to the day's list: marked for the day after the previous publication.</param>
/// <param name="Removed">Places taken off it: their marks were taken back after the previous publication.</param>
[GenerateSerializer, Immutable, Alias("canvass.CasePlacesCorrection")]
public sealed record CasePlacesCorrection(
    [property: Id(0)] DateTimeOffset CutOff,
    [property: Id(1)] DateTimeOffset PublishedAt,
    [property: Id(2)] IReadOnlyList<CasePlace> Added,
    [property: Id(3)] IReadOnlyList<CasePlace> Removed);
