using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Canvass.Gateway.Tests;

/// <summary>Marks and the public list through the real host (publication at the cut-off is covered on a fake clock in Grains.Tests).</summary>
[Collection(EmbeddedHostCollection.Name)]
public class CasePlacesApiTests(EmbeddedHostFixture host)
{
    private const string Site = "440306017001-004";

    private static string Today => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_mark_is_a_site_and_a_date_and_shows_in_the_days_marks_until_taken_back()
    {
        using var mark = await PostAsync($"{{\"siteId\":\"{Site}\",\"date\":\"{Today}\"}}");
        Assert.Equal(HttpStatusCode.OK, mark.StatusCode);
        Assert.True(JsonDocument.Parse(await mark.Content.ReadAsStringAsync()).RootElement.GetProperty("changed").GetBoolean());

        var marks = await host.GetJsonAsync($"/api/case-places?date={Today}");
        Assert.Contains(Site, marks.GetProperty("siteIds").EnumerateArray().Select(s => s.GetString()));

        using var unmark = await host.Http.DeleteAsync($"/api/case-places/{Today}/{Site}");
        Assert.Equal(HttpStatusCode.OK, unmark.StatusCode);
        marks = await host.GetJsonAsync($"/api/case-places?date={Today}");
        Assert.DoesNotContain(Site, marks.GetProperty("siteIds").EnumerateArray().Select(s => s.GetString()));
    }

    [Theory]
    [InlineData("{\"siteId\":\"" + Site + "\",\"date\":\"2020-02-30\"}", "must be a day as yyyy-MM-dd")]
    [InlineData("{\"siteId\":\"440306\",\"date\":\"2020-02-03\"}", "is not a site of the registry")]
    [InlineData("{\"siteId\":\"" + Site + "\",\"date\":\"2999-01-01\"}", "is after today")]
    [InlineData("{\"siteId\":\"" + Site + "\",\"date\":\"2000-01-01\"}", "days ago")]
    [InlineData("{\"siteId\":\"" + Site + "\",\"date\":\"2020-02-03\",\"name\":\"张三\",\"household\":12}", "nothing personal is accepted or stored")]
    public async Task A_bad_mark_is_a_400_problem_that_says_why_and_changes_nothing(string body, string expected)
    {
        using var response = await PostAsync(body);

        var problem = await IngestTests.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
        var marks = await host.GetJsonAsync("/api/case-places?date=2020-02-03");
        Assert.Empty(marks.GetProperty("siteIds").EnumerateArray());
    }

    [Fact]
    public async Task A_list_not_yet_published_is_a_404_problem_and_the_plain_page_says_when_it_will_be()
    {
        var tomorrow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(1).ToString("yyyy-MM-dd");
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync($"/api/public/case-places?date={tomorrow}"), HttpStatusCode.NotFound);
        Assert.Contains("published at 14:00 the next day", problem.GetProperty("detail").GetString());

        using var page = await host.Http.GetAsync($"/case-places?date={tomorrow}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"not-published\"", html);
        Assert.Contains("确诊病例活动场所", html);
    }

    [Fact]
    public async Task The_hub_offers_the_newest_list_to_a_subscriber_and_there_is_none_before_the_first_cut_off()
    {
        await using var hub = await host.ConnectAsync();

        var latest = await hub.InvokeAsync<JsonElement?>("SubscribeCasePlaces");

        Assert.True(latest is null || latest.Value.ValueKind == JsonValueKind.Null);
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync("/api/public/case-places"), HttpStatusCode.NotFound);
        Assert.Contains("No list has been published yet", problem.GetProperty("detail").GetString());
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        host.Http.PostAsync("/api/case-places", new StringContent(json, Encoding.UTF8, "application/json"));
}
