namespace Canvass.Contracts.CasePlaces;

/// <summary>
/// The published list of the places visited by confirmed cases on <paramref name="Date"/>: the marks as they stood at
/// the cut-off of the next day, published then and never changed; what was learned later follows as
/// <paramref name="Corrections"/>, each at a later cut-off.
/// </summary>
/// <param name="Date">The day the cases visited the places.</param>
/// <param name="CutOff">The cut-off the list stands for (the next day at 14:00 registry time by default).</param>
/// <param name="PublishedAt">When it was published: the cut-off, or later if the service was down then.</param>
/// <param name="Places">The places as first published.</param>
/// <param name="Corrections">Later publications for the same day, oldest first.</param>
public sealed record CasePlacesList(
    DateOnly Date,
    DateTimeOffset CutOff,
    DateTimeOffset PublishedAt,
    IReadOnlyList<CasePlace> Places,
    IReadOnlyList<CasePlacesCorrection> Corrections);

/// <summary>A later publication for the same day: places added to the list and places taken off it.</summary>
/// <param name="CutOff">The later cut-off it stands for.</param>
/// <param name="PublishedAt">When it was published: the cut-off, or later if the service was down then.</param>
/// <param name="Added">Places added to the day's list: marked for the day after the previous publication.</param>
/// <param name="Removed">Places taken off it: their marks were taken back after the previous publication.</param>
public sealed record CasePlacesCorrection(
    DateTimeOffset CutOff,
    DateTimeOffset PublishedAt,
    IReadOnlyList<CasePlace> Added,
    IReadOnlyList<CasePlace> Removed);
