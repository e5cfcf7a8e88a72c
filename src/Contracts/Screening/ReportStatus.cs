using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Screening;

/// <summary>What became of one submitted report.</summary>
[JsonConverter(typeof(WireEnumConverter<ReportStatus>))]
public enum ReportStatus : byte
{
    /// <summary>Applied by its site (a report older than the one held for its household is accepted and changes nothing).</summary>
    [JsonStringEnumMemberName("accepted")] Accepted = 0,

    /// <summary>Its report id was seen before at this site; nothing changed.</summary>
    [JsonStringEnumMemberName("duplicate")] Duplicate = 1,

    /// <summary>Invalid; the result carries the reason.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected = 2,

    /// <summary>A status this reader does not know (a newer server's); never sent.</summary>
    Unknown = 255,
}
