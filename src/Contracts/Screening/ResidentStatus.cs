using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Screening;

/// <summary>The health status of one resident, as found by a screening team.</summary>
[JsonConverter(typeof(WireEnumConverter<ResidentStatus>))]
public enum ResidentStatus : byte
{
    [JsonStringEnumMemberName("normal")] Normal = 0,
    [JsonStringEnumMemberName("fever")] Fever = 1,
    /// <summary>Arrived from a key epidemic area and under observation.</summary>
    [JsonStringEnumMemberName("keyAreaObservation")] KeyAreaObservation = 2,
    [JsonStringEnumMemberName("homeQuarantine")] HomeQuarantine = 3,
    [JsonStringEnumMemberName("centralQuarantine")] CentralQuarantine = 4,
    [JsonStringEnumMemberName("suspected")] Suspected = 5,
    [JsonStringEnumMemberName("confirmed")] Confirmed = 6,
}
