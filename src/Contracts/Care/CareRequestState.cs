using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Care;

/// <summary>Where a care request stands: requested → (accepted →) delivered, or cancelled from either open state.</summary>
[JsonConverter(typeof(WireEnumConverter<CareRequestState>))]
public enum CareRequestState : byte
{
    /// <summary>A state this reader does not know (a newer server's); never sent.</summary>
    Unknown = 0,
    [JsonStringEnumMemberName("requested")] Requested = 1,
    /// <summary>Someone took it on; still open.</summary>
    [JsonStringEnumMemberName("accepted")] Accepted = 2,
    [JsonStringEnumMemberName("delivered")] Delivered = 3,
    [JsonStringEnumMemberName("cancelled")] Cancelled = 4,
}
