using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Canvass.Abstractions.Screening;
using Canvass.Abstractions.Units;
using Canvass.Gateway.Ingest;
using Canvass.Registry;
using Microsoft.Extensions.DependencyInjection;

namespace Canvass.Gateway.Tests;

/// <summary>The one ingest pipeline and batch reader, generic over the report kind, in the real host.</summary>
[Collection(EmbeddedHostCollection.Name)]
public class IngestPipelineTests(EmbeddedHostFixture host)
{
    private IngestPipeline Pipeline => host.Services.GetRequiredService<IngestPipeline>();

    private RegistryUnit Root => host.Services.GetRequiredService<UnitRegistry>().Root;

    [Fact]
    public async Task Both_kinds_go_through_one_pipeline_with_per_item_results_and_duplicates()
    {
        const string site = "440303001005-008";
        var now = DateTimeOffset.UtcNow;
        var households = host.Services.GetRequiredService<IReportKind<ReportDto, SiteReport>>();
        var checkpoints = host.Services.GetRequiredService<IReportKind<CheckpointDto, CheckpointReport>>();

        var reports = await Pipeline.IngestAsync(households, [Household("gen-1", site, now), Household("gen-2", "no-such-site", now)], Root, "pipeline-test");
        await Pipeline.IngestAsync(checkpoints, [Checkpoint("gen-3", site, now)], Root, "pipeline-test");
        var entrance = await Pipeline.IngestAsync(checkpoints,
            [Checkpoint("gen-3", site, now), Checkpoint("gen-4", site, now), Checkpoint("gen-5", site, now, checks: -1)], Root, "pipeline-test");

        Assert.Equal((1, 0, 1), (reports.Accepted, reports.Duplicates, reports.Rejected));
        Assert.Equal("site 'no-such-site' is not a site of the registry.", reports.Results[1].Error);
        Assert.Equal((1, 1, 1), (entrance.Accepted, entrance.Duplicates, entrance.Rejected));
        Assert.Equal([ReportStatus.Duplicate, ReportStatus.Accepted, ReportStatus.Rejected], entrance.Results.Select(r => r.Status));
        Assert.Equal("temperatureChecks -1 is outside 0..1000000.", entrance.Results[2].Error);
        var summary = await host.GetJsonAsync($"/api/units/{site}");
        Assert.Equal(1, summary.GetProperty("screenedHouseholds").GetInt64());
    }

    [Fact]
    public async Task A_new_kind_is_a_registration_the_pipeline_runs_with_the_shared_checks()
    {
        const string site = "440303001005-009";
        var visits = new HouseholdVisits();

        var reply = await Pipeline.IngestAsync(visits,
            [new HouseholdVisit("visit-1", site, 1), new HouseholdVisit("visit-2", site, 99_999), new HouseholdVisit("", site, 2), new HouseholdVisit("visit-1", site, 1)],
            Root, "pipeline-test");

        Assert.Equal([ReportStatus.Accepted, ReportStatus.Rejected, ReportStatus.Rejected, ReportStatus.Duplicate], reply.Results.Select(r => r.Status));
        // The shared id check names the kind's own id member.
        Assert.Equal("visitId is required.", reply.Results[2].Error);
        Assert.StartsWith("household 99999 is outside", reply.Results[1].Error);
        var receipt = await host.GetJsonAsync($"/api/uploads/{reply.ReceiptId}");
        Assert.Equal("visits", receipt.GetProperty("kind").GetString());
        Assert.Equal(2, receipt.GetProperty("rejectedItems").GetArrayLength());
        var summary = await host.GetJsonAsync($"/api/units/{site}");
        Assert.Equal(1, summary.GetProperty("screenedHouseholds").GetInt64());
    }

    [Fact]
    public void A_body_that_does_not_parse_is_a_problem_value_naming_line_byte_and_path()
    {
        var kind = new CheckpointReports();
        var body = Encoding.UTF8.GetBytes("{\"reportId\":\"c-1\"}\n{\"reportId\":\"c-2\",\"closed\":\"yes\"}\n");

        var read = BatchReader.Parse(body, ndjson: true, 10, kind.BatchType, kind.ItemType);
        var tooMany = BatchReader.Parse(Encoding.UTF8.GetBytes("[{},{},{}]"), ndjson: false, 2, kind.BatchType, kind.ItemType);

        Assert.Null(read.Items);
        Assert.Equal(400, read.Problem!.Status);
        Assert.StartsWith("The body does not parse at line 2, byte ", read.Problem.Detail);
        Assert.Contains("(path $.closed)", read.Problem.Detail);
        Assert.Equal(new BodyProblem(413, "The batch holds 3 reports; at most 2 are allowed. Split it."), tooMany.Problem);
    }

    private static ReportDto Household(string id, string site, DateTimeOffset at) => new()
    {
        ReportId = id, SiteId = site, Household = 1, ScreenedAt = at, ScreenerId = "w-1", Residents = [new ResidentDto { Status = "normal" }],
    };

    private static CheckpointDto Checkpoint(string id, string site, DateTimeOffset at, int checks = 5) => new()
    {
        ReportId = id, SiteId = site, At = at, Closed = true, Staffed = true, TemperatureChecks = checks,
    };

    /// <summary>A compact visit (one household found normal): a kind defined here, to show what a new kind takes.</summary>
    public sealed record HouseholdVisit(string VisitId, string SiteId, int Household);

    private sealed class HouseholdVisits : IReportKind<HouseholdVisit, SiteReport>
    {
        public JsonTypeInfo<List<HouseholdVisit>> BatchType => (JsonTypeInfo<List<HouseholdVisit>>)JsonSerializerOptions.Web.GetTypeInfo(typeof(List<HouseholdVisit>));

        public JsonTypeInfo<HouseholdVisit> ItemType => (JsonTypeInfo<HouseholdVisit>)JsonSerializerOptions.Web.GetTypeInfo(typeof(HouseholdVisit));

        public string IdName => "visitId";

        public string UploadKind => "visits";

        public string? IdOf(HouseholdVisit dto) => dto.VisitId;

        public string? SiteOf(HouseholdVisit dto) => dto.SiteId;

        public Checked<SiteReport> Check(HouseholdVisit dto, RegistryUnit site, ReportTimeBounds times) =>
            dto.Household < 1 || dto.Household > site.Households
                ? Checked<SiteReport>.Refused($"household {dto.Household} is outside 1..{site.Households}.")
                : Checked<SiteReport>.Valid(new SiteReport(dto.VisitId, dto.Household, times.Now, "visitor", ScreeningOutcome.Screened,
                    ResidentCounts.From([1, 0, 0, 0, 0, 0, 0])));

        public Task<ReportResult[]> ApplyAsync(ISiteGrain site, SiteReport[] items, string? submittedBy) => site.ApplyAsync(items, submittedBy);
    }
}
