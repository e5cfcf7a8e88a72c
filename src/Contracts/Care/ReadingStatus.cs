using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Care;

/// <summary>One resident's reading at a health check.</summary>
[JsonConverter(typeof(WireEnumConverter<ReadingStatus>))]
public enum ReadingStatus : byte
{
    /// <summary>A status this reader does not know (a newer server's); never sent.</summary>
    Unknown = 0,
    [JsonStringEnumMemberName("normal")] Normal = 1,
    /// <summary>Raises a <c>finding</c> alert at once.</summary>
    [JsonStringEnumMemberName("fever")] Fever = 2,
}
