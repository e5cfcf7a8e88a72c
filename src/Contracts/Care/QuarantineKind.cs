using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Care;

/// <summary>Why a household is sealed at home.</summary>
[JsonConverter(typeof(WireEnumConverter<QuarantineKind>))]
public enum QuarantineKind : byte
{
    /// <summary>A kind this reader does not know (a newer server's); never sent.</summary>
    Unknown = 0,

    /// <summary>Home quarantine (a close contact, or back from a key area under the stricter rule).</summary>
    [JsonStringEnumMemberName("homeQuarantine")] HomeQuarantine = 1,

    /// <summary>Observation at home after arriving from a key epidemic area.</summary>
    [JsonStringEnumMemberName("keyAreaObservation")] KeyAreaObservation = 2,
}
