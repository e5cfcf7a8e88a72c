using System.Diagnostics.Metrics;

namespace Canvass.Gateway.Hosting;

/// <summary>The product's own instruments, in the meter <c>Canvass</c>; no personal data in any tag.</summary>
public sealed class CanvassMetrics
{
    public const string MeterName = "Canvass";

    public CanvassMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        ReportsAccepted = meter.CreateCounter<long>("canvass.reports.accepted", "{report}", "Reports acknowledged as accepted.");
        ReportsRejected = meter.CreateCounter<long>("canvass.reports.rejected", "{report}", "Reports refused as invalid.");
        AckDuration = meter.CreateHistogram<double>("canvass.reports.ack.duration", "ms", "From a batch's arrival to its acknowledgement.");
        PushLatency = meter.CreateHistogram<double>("canvass.push.latency", "ms", "From the oldest change in a frame leaving its grain to the frame written to a subscriber; one per frame.");
        DistinctFrames = meter.CreateCounter<long>("canvass.push.frames.distinct", "{frame}", "Hub frames serialized: frames that many connections share are serialized once.");
        Frames = meter.CreateCounter<long>("canvass.push.frames", "{frame}", "Frames written to subscribers (hub connections and event streams).");
        Connections = meter.CreateUpDownCounter<long>("canvass.hub.connections", "{connection}", "Open monitor hub connections.");
    }

    public Counter<long> ReportsAccepted { get; }
    public Counter<long> ReportsRejected { get; }
    public Histogram<double> AckDuration { get; }
    public Histogram<double> PushLatency { get; }
    public UpDownCounter<long> Connections { get; }
    public Counter<long> DistinctFrames { get; }
    public Counter<long> Frames { get; }
}
