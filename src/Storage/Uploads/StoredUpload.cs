namespace Canvass.Storage.Uploads;

/// <summary>
/// An upload receipt as stored: its id, arrival, the token subject that sent it, the units it is listed under (its
/// sites and every unit above them) and its document (JSON text that storage keeps as it is, as history points keep
/// their summaries); for a screening team's upload (a screener token's) also the site the team was last at, which
/// the store keeps with the arrival as the subject's latest upload (<see cref="TeamUpload"/>) in the receipt's own
/// transaction.
/// </summary>
public sealed record StoredUpload(string Id, DateTimeOffset ReceivedAt, string? Subject, IReadOnlyList<string> Units, string Document, string? TeamSiteId = null);
