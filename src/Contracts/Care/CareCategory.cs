using System.Text.Json.Serialization;
using Canvass.Contracts.Json;

namespace Canvass.Contracts.Care;

/// <summary>What a sealed household needs brought to its door; each has its own deadline (<c>Care:Deadlines</c>).</summary>
[JsonConverter(typeof(WireEnumConverter<CareCategory>))]
public enum CareCategory : byte
{
    /// <summary>A category this reader does not know (a newer server's); never sent.</summary>
    Unknown = 0,
    [JsonStringEnumMemberName("groceries")] Groceries = 1,
    [JsonStringEnumMemberName("water")] Water = 2,
    [JsonStringEnumMemberName("medicine")] Medicine = 3,
    [JsonStringEnumMemberName("parcel")] Parcel = 4,
    [JsonStringEnumMemberName("takeaway")] Takeaway = 5,
    /// <summary>Household waste to be taken away.</summary>
    [JsonStringEnumMemberName("waste")] Waste = 6,
    [JsonStringEnumMemberName("other")] Other = 7,
}
