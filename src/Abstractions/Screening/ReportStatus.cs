using System.Text.Json.Serialization;

namespace Canvass.Abstractions.Screening;

/// <summary>What became of one submitted report.</summary>
[GenerateSerializer, Alias("canvass.ReportStatus")]
public enum ReportStatus : byte
{
    /// <summary>Applied by its site (a report older than the one held for its household is accepted and changes nothing).</summary>
    [JsonStringEnumMemberName("accepted")] Accepted = 0,
    /// <summary>Its report id was seen before at this site; nothing changed.</summary>
    [JsonStringEnumMemberName("duplicate")] Duplicate = 1,
    /// <summary>Invalid; the result carries the reason.</summary>
    [JsonStringEnumMemberName("rejected")] Rejected = 2,
}
