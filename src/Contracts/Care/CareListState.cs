using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Care;

/// <summary>Which care requests a list asks for (<c>GET /api/units/{id}/care?state=</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<CareListState>))]
public enum CareListState : byte
{
    /// <summary>Requested or accepted, not yet delivered or cancelled.</summary>
    [JsonStringEnumMemberName("open")] Open = 0,

    /// <summary>Open past its category's deadline.</summary>
    [JsonStringEnumMemberName("overdue")] Overdue = 1,

    /// <summary>Delivered today (the registry's local day).</summary>
    [JsonStringEnumMemberName("delivered")] Delivered = 2,
}
