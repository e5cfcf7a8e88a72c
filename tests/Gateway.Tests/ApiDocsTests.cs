using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Canvass.Gateway.Tests;

/// <summary>The OpenAPI document at /openapi/v1.json and the Scalar UI at /docs, against the app's real endpoints and answers.</summary>
[Collection(EmbeddedHostCollection.Name)]
public partial class ApiDocsTests(EmbeddedHostFixture host)
{
    /// <summary>Endpoints that are not REST API operations, and why they are left out of the document.</summary>
    private static readonly (string Prefix, string Reason)[] Undocumented =
    [
        ("/health/", "liveness and readiness probes for orchestrators, plain text (README, Operations)"),
        ("/metrics", "Prometheus text for scrapers (README, Operations)"),
        ("/hubs/", "the SignalR hub, a protocol of its own (README, Push)"),
        ("/dashboard", "the Orleans dashboard, an operator UI"),
        ("/docs", "this documentation's UI"),
        ("/openapi/", "this document"),
        ("/wall", "a page of the web app"),
        ("/console", "a page of the web app"),
        ("/service", "a page of the web app"),
        ("/daily", "a page of the web app; /api/daily-reports is its API (README, The daily situation report)"),
        ("/screen", "the field page of the web app; it posts to /api/reports (README, The field page)"),
        ("/case-places", "the published case-places list as a plain HTML page for people; /api/public/case-places is its API (README, The public case-places list)"),
    ];

    [Fact]
    public async Task The_document_is_valid_OpenAPI_json()
    {
        using var response = await host.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        await using var stream = await response.Content.ReadAsStreamAsync();
        var settings = new OpenApiReaderSettings();
        settings.AddJsonReader();
        var read = await OpenApiDocument.LoadAsync(stream, "json", settings);

        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotNull(read.Document);
        Assert.Equal("Canvass API", read.Document.Info.Title);
        Assert.StartsWith("3.", (await DocumentAsync()).GetProperty("openapi").GetString());
    }

    [Fact]
    public async Task Every_mapped_endpoint_is_documented_or_left_out_for_a_reason()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => (Path: DocumentPath(e.RoutePattern.RawText!), Method: m.ToLowerInvariant())))
            .Where(e => !Undocumented.Any(u => e.Path.StartsWith(u.Prefix, StringComparison.Ordinal)))
            .Distinct()
            .ToList();

        Assert.NotEmpty(mapped);
        var missing = mapped.Where(e => !paths.TryGetProperty(e.Path, out var item) || !item.TryGetProperty(e.Method, out _)).ToList();
        Assert.True(missing.Count == 0, "Not in /openapi/v1.json: " + string.Join(", ", missing.Select(m => $"{m.Method.ToUpperInvariant()} {m.Path}")));

        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name))).ToList();
        Assert.Empty(documented.Except(mapped));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_a_description_described_parameters_and_examples()
    {
        var problems = new List<string>();
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        {
            if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
            {
                problems.Add($"{name}: no summary");
            }

            if (!operation.TryGetProperty("description", out var description) || string.IsNullOrWhiteSpace(description.GetString()))
            {
                problems.Add($"{name}: no description");
            }

            foreach (var parameter in operation.TryGetProperty("parameters", out var ps) ? ps.EnumerateArray() : default)
            {
                var parameterName = parameter.GetProperty("name").GetString();
                if (!parameter.TryGetProperty("description", out _))
                {
                    problems.Add($"{name}: parameter {parameterName} has no description");
                }

                if (!parameter.TryGetProperty("example", out _))
                {
                    problems.Add($"{name}: parameter {parameterName} has no example");
                }
            }

            if (operation.TryGetProperty("requestBody", out var body))
            {
                problems.AddRange(body.GetProperty("content").EnumerateObject().Where(c => !HasExample(c.Value)).Select(c => $"{name}: request body {c.Name} has no example"));
            }

            // The success is 200 for most, 201 for a creation (with the created item), 204 for a deletion (no body).
            var responses = operation.GetProperty("responses");
            var success = responses.EnumerateObject().FirstOrDefault(r => r.Name[0] == '2');
            if (success.Name is null
                || (success.Name != "204" && (!success.Value.TryGetProperty("content", out var okContent)
                    || !okContent.EnumerateObject().Any()
                    || !okContent.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _) && HasExample(c.Value)))))
            {
                problems.Add($"{name}: no success response (200, 201 with a schema and an example, or 204)");
            }

            foreach (var response in responses.EnumerateObject())
            {
                // The generated text is the reason phrase ("OK", "Not Found"); ours says what the status means here.
                var text = response.Value.GetProperty("description").GetString();
                if (string.IsNullOrWhiteSpace(text) || text == ReasonPhrases.GetReasonPhrase(int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture)))
                {
                    problems.Add($"{name}: response {response.Name} is not described (<response code=\"{response.Name}\"> in the handler's XML comment)");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Problem_responses_are_problem_json_with_examples_of_their_status()
    {
        var document = await DocumentAsync();
        var problems = new List<string>();
        var count = 0;
        foreach (var (name, operation) in Operations(document))
        {
            foreach (var response in operation.GetProperty("responses").EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                count++;
                if (!response.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem))
                {
                    problems.Add($"{name} {response.Name}: not application/problem+json");
                    continue;
                }

                if (problem.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/ProblemDetails")
                {
                    problems.Add($"{name} {response.Name}: schema is not ProblemDetails");
                }

                var examples = Examples(problem).ToList();
                if (examples.Count == 0)
                {
                    problems.Add($"{name} {response.Name}: no example");
                }

                problems.AddRange(examples
                    .Where(e => e.GetProperty("status").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture) != response.Name
                        || string.IsNullOrEmpty(e.GetProperty("title").GetString()) || string.IsNullOrEmpty(e.GetProperty("detail").GetString()))
                    .Select(e => $"{name} {response.Name}: example {e} is not a problem of that status with a title and a detail"));
            }
        }

        Assert.True(count >= 20, $"only {count} problem responses documented");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("GET", "/api/units/{id}", "/api/units/440304005099", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/children", "/api/units/440304005099/children", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/households", "/api/units/440304005021/households", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/households", "/api/units/440304005099/households", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/gaps", "/api/units/4403/gaps?limit=0", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/gaps", "/api/units/440304005099/gaps", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/alerts", "/api/units/4403/alerts?limit=5000", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/alerts", "/api/units/4403/alerts?escalated=yes", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/alerts", "/api/units/440304005099/alerts", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/history", "/api/units/4403/history?from=2020-02-03T08:00:00", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/history", "/api/units/4403/history?from=2020-01-01T00:00:00Z&to=2020-03-01T00:00:00Z", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/history", "/api/units/440304005099/history", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/history", "/api/units/4403/history?at=2000-01-01T00:00:00Z", null, null, 404)]
    [InlineData("POST", "/api/alerts/{id}/ack", "/api/alerts/440304005021-001%3Astale%3A0%3A1/ack", "{\"by\":\"Li Wei\",\"note\":\"team sent\"}", "application/json", 404)]
    [InlineData("POST", "/api/alerts/{id}/ack", "/api/alerts/440304005021-001%3Astale%3A0%3A1/ack", "{\"by\":\"Li Wei\"}", "application/json", 400)]
    [InlineData("POST", "/api/reports", "/api/reports", "[{\"household\":\"seventeen\"}]", "application/json", 400)]
    [InlineData("POST", "/api/reports", "/api/reports", "reports", "text/plain", 415)]
    [InlineData("POST", "/api/reports", "/api/reports", "{\"tooMany\":true}", "application/json", 413)]
    [InlineData("POST", "/api/checkpoints", "/api/checkpoints", "[{\"closed\":\"yes\"}]", "application/json", 400)]
    [InlineData("POST", "/api/checkpoints", "/api/checkpoints", "checkpoints", "text/plain", 415)]
    [InlineData("POST", "/api/quarantines", "/api/quarantines", "[{\"residents\":\"two\"}]", "application/json", 400)]
    [InlineData("POST", "/api/health-checks", "/api/health-checks", "checks", "text/plain", 415)]
    [InlineData("POST", "/api/care", "/api/care", "[{\"household\":\"seventeen\"}]", "application/json", 400)]
    [InlineData("POST", "/api/quarantines/{id}/extend", "/api/quarantines/440304005021-001~docs-none/extend", "{}", "application/json", 400)]
    [InlineData("POST", "/api/quarantines/{id}/extend", "/api/quarantines/440304005021-001~docs-none/extend", "{\"plannedEnd\":\"2020-02-19T08:00:00+08:00\"}", "application/json", 404)]
    [InlineData("POST", "/api/quarantines/{id}/end", "/api/quarantines/440304005021-001~docs-none/end", "ended", "text/plain", 400)]
    [InlineData("POST", "/api/quarantines/{id}/end", "/api/quarantines/440304005021-001~docs-none/end", null, null, 404)]
    [InlineData("POST", "/api/care/{id}/accept", "/api/care/440304005021-001~docs-none/accept", null, null, 404)]
    [InlineData("POST", "/api/care/{id}/deliver", "/api/care/440304005021-001~docs-none/deliver", "{\"at\":\"2999-01-01T00:00:00Z\"}", "application/json", 400)]
    [InlineData("POST", "/api/care/{id}/cancel", "/api/care/440304005021-001~docs-none/cancel", "{}", "application/json", 400)]
    [InlineData("POST", "/api/care/{id}/cancel", "/api/care/not-a-care-id/cancel", "{\"reason\":\"done\"}", "application/json", 404)]
    [InlineData("GET", "/api/units/{id}/care", "/api/units/4403/care?limit=0", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/care", "/api/units/4403/care?state=late", null, null, 400)]
    [InlineData("GET", "/api/units/{id}/care", "/api/units/440304005099/care", null, null, 404)]
    [InlineData("GET", "/api/units/{id}/quarantines", "/api/units/440304005099/quarantines", null, null, 404)]
    [InlineData("POST", "/api/case-places", "/api/case-places", "{\"siteId\":\"440304005021-001\",\"date\":\"2020-02-02\",\"name\":\"张三\"}", "application/json", 400)]
    [InlineData("POST", "/api/case-places", "/api/case-places", "{\"siteId\":\"440304005021\",\"date\":\"2020-02-02\"}", "application/json", 400)]
    [InlineData("DELETE", "/api/case-places/{date}/{siteId}", "/api/case-places/2020-02-30/440304005021-001", null, null, 400)]
    [InlineData("GET", "/api/case-places", "/api/case-places?date=2020-02-30", null, null, 400)]
    [InlineData("GET", "/api/case-places", "/api/case-places", null, null, 400)]
    [InlineData("GET", "/api/public/case-places", "/api/public/case-places?date=02/02/2020", null, null, 400)]
    [InlineData("GET", "/api/public/case-places", "/api/public/case-places?date=2999-01-01", null, null, 404)]
    [InlineData("POST", "/api/webhooks", "/api/webhooks", "{\"partner\":\"p\",\"url\":\"ftp://127.0.0.1/hook\",\"units\":[\"4403\"],\"secret\":\"short\"}", "application/json", 400)]
    [InlineData("POST", "/api/webhooks", "/api/webhooks", "webhook", "text/plain", 400)]
    [InlineData("GET", "/api/webhooks/{id}", "/api/webhooks/wh-000000000000000000000000", null, null, 404)]
    [InlineData("DELETE", "/api/webhooks/{id}", "/api/webhooks/not-a-webhook", null, null, 404)]
    public async Task A_problem_the_api_answers_is_documented_on_its_operation_with_its_title(string method, string template, string path, string? body, string? contentType, int status)
    {
        if (body == "{\"tooMany\":true}")
        {
            body = "[" + string.Join(",", Enumerable.Repeat("{}", 10_001)) + "]";
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        }

        using var response = await host.Http.SendAsync(request);
        var answered = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var documented = (await DocumentAsync()).GetProperty("paths").GetProperty(template).GetProperty(method.ToLowerInvariant()).GetProperty("responses");
        Assert.True(documented.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response404), $"{method} {template} answers {status}, which its documentation does not list");
        var titles = Examples(response404.GetProperty("content").GetProperty("application/problem+json")).Select(e => e.GetProperty("title").GetString());
        Assert.Contains(answered.GetProperty("title").GetString(), titles);
    }

    [Fact]
    public async Task An_acknowledged_alert_acknowledged_again_is_the_documented_conflict()
    {
        const string site = "440304005021-004";
        var checkpoint = $$"""[{"reportId":"docs-409","siteId":"{{site}}","at":"{{Reports.At(DateTimeOffset.UtcNow.AddSeconds(-1))}}","closed":true,"staffed":false,"temperatureChecks":0}]""";
        using (var posted = await host.Http.PostAsync("/api/checkpoints", new StringContent(checkpoint, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var alerts = await host.GetJsonAsync($"/api/units/{site}/alerts");
        var id = alerts.EnumerateArray().Single(a => a.GetProperty("kind").GetString() == "checkpointUnstaffed").GetProperty("id").GetString()!;
        var ack = new StringContent("""{"by":"Li Wei","note":"entrance staffed again"}""", Encoding.UTF8, "application/json");
        using var first = await host.Http.PostAsync($"/api/alerts/{Uri.EscapeDataString(id)}/ack", ack);
        using var second = await host.Http.PostAsync($"/api/alerts/{Uri.EscapeDataString(id)}/ack", new StringContent("""{"by":"Li Wei","note":"again"}""", Encoding.UTF8, "application/json"));

        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty("/api/alerts/{id}/ack").GetProperty("post");
        Assert.Empty(new JsonSchemaCheck(document).Check(JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement, SchemaOf(operation, "200")));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var conflict = Examples(operation.GetProperty("responses").GetProperty("409").GetProperty("content").GetProperty("application/problem+json")).Single();
        Assert.Equal(JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString(), conflict.GetProperty("title").GetString());
        Assert.True(conflict.GetProperty("alert").TryGetProperty("acknowledgement", out _));
    }

    [Theory]
    [InlineData("/api/units/{id}", "/api/units/4403")]
    [InlineData("/api/units/{id}", "/api/units/440304005021-001")]
    [InlineData("/api/units/{id}/children", "/api/units/440304005021/children")]
    [InlineData("/api/units/{id}/households", "/api/units/440304005021-002/households")]
    [InlineData("/api/units/{id}/gaps", "/api/units/440304/gaps?limit=3")]
    [InlineData("/api/units/{id}/alerts", "/api/units/4403/alerts")]
    [InlineData("/api/registry/root", "/api/registry/root")]
    [InlineData("/api/units/{id}/history", "/api/units/4403/history")]
    [InlineData("/api/case-places", "/api/case-places?date=2020-02-03")]
    [InlineData("/api/units/{id}/care", "/api/units/4403/care?state=open")]
    [InlineData("/api/units/{id}/care", "/api/units/440304005021-001/care?state=delivered")]
    [InlineData("/api/units/{id}/quarantines", "/api/units/440304/quarantines?limit=5")]
    [InlineData("/api/webhooks", "/api/webhooks")]
    public async Task What_a_read_answers_matches_its_documented_schema(string template, string path)
    {
        var answered = await host.GetJsonAsync(path);
        var document = await DocumentAsync();

        var schema = SchemaOf(document.GetProperty("paths").GetProperty(template).GetProperty("get"), "200");

        Assert.Empty(new JsonSchemaCheck(document).Check(answered, schema));
    }

    [Fact]
    public async Task What_ingest_answers_matches_its_documented_schema_and_the_example_body_is_accepted_as_documented()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty("/api/reports").GetProperty("post");
        var example = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");

        // The example is dated February 2020, as for a deployment screening then; this host started today and takes
        // reports from at most 30 days before (Ingest:PastWindow), so the example moves to yesterday, times kept.
        using var response = await host.Http.PostAsync("/api/reports", new StringContent(MovedToYesterday(example), Encoding.UTF8, "application/json"));
        var answered = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(new JsonSchemaCheck(document).Check(answered, SchemaOf(operation, "200")));
        var documentedReply = operation.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("example");
        Assert.Equal(documentedReply.GetProperty("rejected").GetInt32(), answered.GetProperty("rejected").GetInt32());
        Assert.Equal(documentedReply.GetProperty("results")[2].GetProperty("error").GetString(), answered.GetProperty("results")[2].GetProperty("error").GetString());
    }

    private static string MovedToYesterday(JsonElement reports)
    {
        var items = JsonNode.Parse(reports.GetRawText())!.AsArray();
        foreach (var item in items)
        {
            var at = DateTimeOffset.Parse(item!["screenedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var yesterday = DateTimeOffset.UtcNow.ToOffset(at.Offset).Date.AddDays(-1);
            item["screenedAt"] = at.AddDays((yesterday - at.Date).Days).ToString("O", CultureInfo.InvariantCulture);
        }

        return items.ToJsonString();
    }

    [Theory]
    [InlineData("/api/webhooks")]
    [InlineData("/api/webhooks/")]
    public async Task The_documented_webhook_registers_at_its_address_and_its_answers_match_their_schemas(string address)
    {
        var document = await DocumentAsync();
        var create = document.GetProperty("paths").GetProperty("/api/webhooks").GetProperty("post");
        var body = JsonNode.Parse(create.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText())!;
        // The documented body, delivering to a closed local port instead of the example's host.
        body["partner"] = "docs-" + Guid.NewGuid().ToString("N")[..8];
        body["url"] = "http://127.0.0.1:9/canvass";

        using var created = await host.Http.PostAsync(address, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var answered = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = answered.GetProperty("id").GetString()!;
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location?.OriginalString);
        Assert.Empty(new JsonSchemaCheck(document).Check(answered, SchemaOf(create, "201")));

        var read = await host.GetJsonAsync($"/api/webhooks/{id}");
        Assert.Empty(new JsonSchemaCheck(document).Check(read, SchemaOf(document.GetProperty("paths").GetProperty("/api/webhooks/{id}").GetProperty("get"), "200")));

        using var deleted = await host.Http.DeleteAsync($"/api/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.True(document.GetProperty("paths").GetProperty("/api/webhooks/{id}").GetProperty("delete").GetProperty("responses").TryGetProperty("204", out _));
    }

    [Fact]
    public async Task What_a_mark_and_its_taking_back_answer_match_their_documented_schemas()
    {
        var document = await DocumentAsync();
        var operation = document.GetProperty("paths").GetProperty("/api/case-places").GetProperty("post");
        var body = JsonNode.Parse(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example").GetRawText())!;
        // The example's date is of February 2020, more than 90 days ago now: the same mark, for today.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        body["date"] = today;

        using var marked = await host.Http.PostAsync("/api/case-places", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        Assert.Empty(new JsonSchemaCheck(document).Check(JsonDocument.Parse(await marked.Content.ReadAsStringAsync()).RootElement, SchemaOf(operation, "200")));

        var delete = document.GetProperty("paths").GetProperty("/api/case-places/{date}/{siteId}").GetProperty("delete");
        using var unmarked = await host.Http.DeleteAsync($"/api/case-places/{today}/{body["siteId"]}");
        Assert.Equal(HttpStatusCode.OK, unmarked.StatusCode);
        Assert.Empty(new JsonSchemaCheck(document).Check(JsonDocument.Parse(await unmarked.Content.ReadAsStringAsync()).RootElement, SchemaOf(delete, "200")));
    }

    [Fact]
    public async Task Enums_are_strings_with_their_wire_names()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.Equal(["finding", "checkpointOpen", "checkpointUnstaffed", "stale", "lowCoverage", "checkMissed", "careOverdue", "teamSilent"], EnumOf(schemas.GetProperty("GapKind")));
        Assert.Equal(["groceries", "water", "medicine", "parcel", "takeaway", "waste", "other"], EnumOf(schemas.GetProperty("CareCategory")));
        Assert.Equal(["accepted", "duplicate", "rejected"], EnumOf(schemas.GetProperty("ReportStatus")));
        Assert.Equal(["screened", "absent", "refused"], EnumOf(schemas.GetProperty("ScreeningOutcome")));
        var report = new JsonSchemaCheck(document).Resolve(document.GetProperty("paths").GetProperty("/api/reports").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("items"));
        Assert.Equal(["screened", "absent", "refused"], EnumOf(report.GetProperty("properties").GetProperty("outcome")));
        Assert.Equal(["normal", "fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"],
            EnumOf(new JsonSchemaCheck(document).Resolve(report.GetProperty("properties").GetProperty("residents").GetProperty("items")).GetProperty("properties").GetProperty("status")));
        Assert.All(Descendants(document).Where(e => e.Name == "enum").SelectMany(e => e.Value.EnumerateArray()), v => Assert.Equal(JsonValueKind.String, v.ValueKind));
    }

    [Fact]
    public async Task The_docs_page_is_html_that_loads_only_its_own_scripts()
    {
        using var response = await host.Http.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = response.RequestMessage!.RequestUri!;
        var sources = ScriptSource().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var url = new Uri(page, source);
            Assert.True(url.Authority == page.Authority, $"/docs loads a script from {url}");
            using var script = await host.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType);
        }

        // Scalar's own servers stay out of it: no CDN fonts, no telemetry, no hosted agent.
        Assert.Contains("\"withDefaultFonts\":false", html);
        Assert.Contains("\"telemetry\":false", html);
        Assert.Contains("/openapi/v1.json", html.Replace("\"openapi/v1.json\"", "\"/openapi/v1.json\"", StringComparison.Ordinal));
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
    }

    private async Task<JsonElement> DocumentAsync() => await host.GetJsonAsync("/openapi/v1.json");

    /// <summary>
    /// A route as the document names it: <c>MapGroup("/api/webhooks").MapPost("/")</c> is <c>/api/webhooks/</c>, which
    /// routing matches with or without the trailing slash, and the document lists as <c>/api/webhooks</c>.
    /// </summary>
    private static string DocumentPath(string route)
    {
        var path = "/" + route.TrimStart('/');
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => ($"{o.Name.ToUpperInvariant()} {p.Name}", o.Value)));

    private static JsonElement SchemaOf(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");

    private static bool HasExample(JsonElement media) => Examples(media).Any();

    private static IEnumerable<JsonElement> Examples(JsonElement media) =>
        media.TryGetProperty("example", out var example)
            ? [example]
            : media.TryGetProperty("examples", out var named) ? named.EnumerateObject().Select(e => e.Value.GetProperty("value")) : [];

    private static string[] EnumOf(JsonElement schema) => [.. schema.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!)];

    private static IEnumerable<JsonProperty> Descendants(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Descendants(p.Value).Prepend(p)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Descendants),
        _ => [],
    };

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
