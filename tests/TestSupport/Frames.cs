using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.TestSupport;

/// <summary>The hub's pushes as tests read them: each frame (<c>UnitsChanged</c>) unit by unit, in its order.</summary>
public static class Frames
{
    public const string Method = "UnitsChanged";

    /// <summary>Calls <paramref name="received"/> with every summary of every frame.</summary>
    public static IDisposable OnUnits(this HubConnection connection, Action<JsonElement> received) =>
        connection.On<JsonElement>(Method, frame =>
        {
            foreach (var summary in Units(frame))
            {
                received(summary);
            }
        });

    /// <summary>The summaries of one frame.</summary>
    public static IEnumerable<JsonElement> Units(JsonElement frame) => frame.GetProperty("units").EnumerateArray();
}
