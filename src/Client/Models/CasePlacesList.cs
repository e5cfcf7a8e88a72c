namespace Canvass.Client.Models;

/// <summary>
/// The published list of the places visited by confirmed cases on <see cref="Date"/>, as it stood at the cut-off,
/// never changed since; what was learned later follows as <see cref="Corrections"/>.
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

/// <summary>One place on the public list: a site and where it lies; nothing about the case.</summary>
/// <param name="SiteId">The site's id in the registry.</param>
/// <param name="SiteName">Its name as published.</param>
/// <param name="Kind"><c>compound</c> or <c>urbanVillage</c>.</param>
/// <param name="Area">The names of the site's ancestors from its community up to (not including) the root.</param>
public sealed record CasePlace(string SiteId, string SiteName, string? Kind, IReadOnlyList<string> Area);

/// <summary>A later publication for the same day: places added to the list and places taken off it.</summary>
public sealed record CasePlacesCorrection(
    DateTimeOffset CutOff,
    DateTimeOffset PublishedAt,
    IReadOnlyList<CasePlace> Added,
    IReadOnlyList<CasePlace> Removed);
