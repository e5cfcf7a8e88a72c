using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Care;

/// <summary>A step of a care request's history; <see cref="Request"/> is always its first entry.</summary>
[JsonConverter(typeof(WireEnumConverter<CareStep>))]
public enum CareStep : byte
{
    /// <summary>A step this reader does not know (a newer server's); never sent.</summary>
    Unknown = 0,
    [JsonStringEnumMemberName("request")] Request = 1,
    [JsonStringEnumMemberName("accept")] Accept = 2,
    [JsonStringEnumMemberName("deliver")] Deliver = 3,
    [JsonStringEnumMemberName("cancel")] Cancel = 4,
}
