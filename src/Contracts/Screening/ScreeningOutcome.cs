using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Screening;

/// <summary>What a visit to a household produced. Only <see cref="Screened"/> counts toward coverage.</summary>
[JsonConverter(typeof(WireEnumConverter<ScreeningOutcome>))]
public enum ScreeningOutcome : byte
{
    [JsonStringEnumMemberName("screened")] Screened = 1,
    /// <summary>Visited, nobody home.</summary>
    [JsonStringEnumMemberName("absent")] Absent = 2,
    [JsonStringEnumMemberName("refused")] Refused = 3,
}
