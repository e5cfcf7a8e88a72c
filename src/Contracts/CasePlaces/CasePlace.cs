namespace Canvass.Contracts.CasePlaces;

/// <summary>
/// One place on the public list: a site and where it lies. Nothing about the case: no name, no household, no count.
/// </summary>
/// <param name="SiteId">The site's id in the registry.</param>
/// <param name="SiteName">Its name as published.</param>
/// <param name="Kind"><c>compound</c> or <c>urbanVillage</c>.</param>
/// <param name="Area">The site's ancestors' names from its community up to (not including) the root, nearest first.</param>
public sealed record CasePlace(string SiteId, string SiteName, string? Kind, IReadOnlyList<string> Area);
