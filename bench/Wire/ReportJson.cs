using System.Text.Json;

namespace Canvass.Bench.Wire;

/// <summary>
/// Writes reports straight to UTF-8: on a 2-core box the load generator shares the CPU with the server, so
/// building an object graph per report would steal time the measurement is about.
/// </summary>
public static class ReportJson
{
    /// <summary>China Standard Time, the offset field workers' phones would send.</summary>
    public static readonly TimeSpan LocalOffset = TimeSpan.FromHours(8);

    private static readonly JsonEncodedText ReportId = JsonEncodedText.Encode("reportId");
    private static readonly JsonEncodedText SiteId = JsonEncodedText.Encode("siteId");
    private static readonly JsonEncodedText Household = JsonEncodedText.Encode("household");
    private static readonly JsonEncodedText ScreenedAt = JsonEncodedText.Encode("screenedAt");
    private static readonly JsonEncodedText ScreenerId = JsonEncodedText.Encode("screenerId");
    private static readonly JsonEncodedText Outcome = JsonEncodedText.Encode("outcome");
    private static readonly JsonEncodedText Residents = JsonEncodedText.Encode("residents");
    private static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");

    public static void Write(Utf8JsonWriter writer, in Report report)
    {
        writer.WriteStartObject();
        writer.WriteString(ReportId, report.ReportId);
        writer.WriteString(SiteId, report.SiteId);
        writer.WriteNumber(Household, report.Household);
        writer.WriteString(ScreenedAt, report.ScreenedAt.ToOffset(LocalOffset));
        writer.WriteString(ScreenerId, report.ScreenerId);
        writer.WriteString(Outcome, report.Outcome);
        writer.WriteStartArray(Residents);
        foreach (var status in report.Residents)
        {
            writer.WriteStartObject();
            writer.WriteString(Status, status);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

/// <summary>One report as posted; residents are status names, empty unless the outcome is screened.</summary>
public readonly record struct Report(
    string ReportId,
    string SiteId,
    int Household,
    DateTimeOffset ScreenedAt,
    string ScreenerId,
    string Outcome,
    IReadOnlyList<string> Residents);
