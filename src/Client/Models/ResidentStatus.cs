using System.Text.Json.Serialization;
using Canvass.Client.Json;

namespace Canvass.Client.Models;

/// <summary>The health status of one resident, as found by a screening team.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ResidentStatus>))]
public enum ResidentStatus
{
    Normal,
    Fever,
    /// <summary>Arrived from a key epidemic area and under observation.</summary>
    KeyAreaObservation,
    HomeQuarantine,
    CentralQuarantine,
    Suspected,
    Confirmed,
}

/// <summary>What a visit to a household produced; only <see cref="Screened"/> counts toward coverage.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<ScreeningOutcome>))]
public enum ScreeningOutcome
{
    Screened = 1,
    /// <summary>Visited, nobody home.</summary>
    Absent = 2,
    Refused = 3,
}
