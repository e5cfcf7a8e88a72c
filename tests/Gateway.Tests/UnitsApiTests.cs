using System.Net;

namespace Canvass.Gateway.Tests;

[Collection(EmbeddedHostCollection.Name)]
public class UnitsApiTests(EmbeddedHostFixture host)
{
    [Fact]
    public async Task The_city_summary_has_the_documented_wire_shape()
    {
        var city = await host.GetJsonAsync("/api/units/4403");

        string[] members = ["id", "name", "level", "parentId", "registeredHouseholds", "screenedHouseholds", "absentHouseholds", "refusedHouseholds",
            "coverage", "residents", "lastReportAt", "sites", "staleSites", "version", "closedSites", "unstaffedSites", "temperatureChecksLastHour",
            "openAlerts", "unacknowledgedAlerts", "escalatedAlerts", "quarantinedHouseholds", "quarantinesEndingToday", "quarantinesOverdue",
            "checksDueToday", "checksDone", "checksMissed", "careOpen", "careOverdue", "careDeliveredToday", "careDeliveryMedianMinutes"];
        Assert.Equal(members, city.EnumerateObject().Select(p => p.Name));
        Assert.Equal("深圳市", city.GetProperty("name").GetString());
        Assert.Equal("city", city.GetProperty("level").GetString());
        Assert.Equal(["normal", "fever", "keyAreaObservation", "homeQuarantine", "centralQuarantine", "suspected", "confirmed"],
            city.GetProperty("residents").EnumerateObject().Select(p => p.Name));
        Assert.Equal(6568, city.GetProperty("sites").GetInt32());
    }

    [Fact]
    public async Task Children_of_the_city_are_its_nine_districts()
    {
        var children = await host.GetJsonAsync("/api/units/4403/children");

        Assert.Equal(9, children.GetArrayLength());
        Assert.All(children.EnumerateArray(), c => Assert.Equal("district", c.GetProperty("level").GetString()));
        Assert.Contains(children.EnumerateArray(), c => c.GetProperty("name").GetString() == "福田区");
    }

    [Fact]
    public async Task Gaps_below_the_city_are_sites_stale_first()
    {
        var gaps = await host.GetJsonAsync("/api/units/4403/gaps?limit=5");

        Assert.Equal(5, gaps.GetArrayLength());
        Assert.All(gaps.EnumerateArray(), g => Assert.Equal("site", g.GetProperty("level").GetString()));
        Assert.All(gaps.EnumerateArray(), g => Assert.Equal(1, g.GetProperty("staleSites").GetInt32()));
    }

    [Theory]
    [InlineData("/api/units/9999")]
    [InlineData("/api/units/440304005001-999/children")]
    [InlineData("/api/units/nope/gaps")]
    public async Task An_unknown_unit_is_a_404_problem_naming_it(string path)
    {
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync(path), HttpStatusCode.NotFound);

        Assert.Contains("is not in the registry", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("5000")]
    public async Task A_bad_gap_limit_is_a_400_problem(string limit)
    {
        var problem = await IngestTests.ProblemAsync(await host.Http.GetAsync($"/api/units/4403/gaps?limit={limit}"), HttpStatusCode.BadRequest);

        Assert.Contains($"limit '{limit}'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_embedded_host_serves_the_Orleans_dashboard()
    {
        using var response = await host.Http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Orleans", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
