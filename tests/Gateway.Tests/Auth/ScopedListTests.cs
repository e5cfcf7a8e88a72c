using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Canvass.Gateway.Auth;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>What the operations that name no unit answer within a token's scope.</summary>
[Collection(AuthHostCollection.Name)]
public class ScopedListTests(AuthHostFixture host)
{
    private static readonly string Secret = new('k', 40);

    [Fact]
    public async Task The_registry_root_of_a_district_token_is_its_district()
    {
        using var client = host.Client(host.Token(Roles.Display, AuthHostFixture.Scope));

        var root = await client.GetFromJsonAsync<JsonElement>("/api/registry/root");

        Assert.Equal(AuthHostFixture.Scope, root.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_supervisor_lists_the_marks_of_its_own_sites_only()
    {
        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var nanshan = host.Registry.Sites.Where(s => s.Id.StartsWith(AuthHostFixture.Outside, StringComparison.Ordinal)).Skip(3).First().Id;
        var futian = host.Registry.Sites.Where(s => s.Id.StartsWith(AuthHostFixture.Scope, StringComparison.Ordinal)).Skip(3).First().Id;
        foreach (var site in new[] { nanshan, futian })
        {
            using var marked = await host.Http.PostAsJsonAsync("/api/case-places", new { siteId = site, date = today });
            marked.EnsureSuccessStatusCode();
        }

        using var supervisor = host.Client(host.Token(Roles.Supervisor, AuthHostFixture.Scope));
        var marks = await supervisor.GetFromJsonAsync<JsonElement>($"/api/case-places?date={today}");
        var sites = marks.GetProperty("siteIds").EnumerateArray().Select(s => s.GetString()).ToList();

        Assert.Contains(futian, sites);
        Assert.DoesNotContain(nanshan, sites);
        Assert.All(sites, s => Assert.StartsWith(AuthHostFixture.Scope, s));
    }

    [Fact]
    public async Task A_partner_reaches_its_own_webhooks_only_and_registers_as_itself()
    {
        using var police = host.Client(host.Token(Roles.Partner, AuthHostFixture.Scope, subject: "police-futian"));
        using var hospital = host.Client(host.Token(Roles.Partner, AuthHostFixture.Scope, subject: "hospital-futian"));
        using var created = await police.PostAsJsonAsync("/api/webhooks", new { url = "http://127.0.0.1:9/police", units = new[] { AuthHostFixture.Scope }, secret = Secret });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = webhook.GetProperty("id").GetString();
        Assert.Equal("police-futian", webhook.GetProperty("partner").GetString());

        // Another partner: the webhook is not there for it, whatever it asks.
        var theirs = await hospital.GetFromJsonAsync<JsonElement>("/api/webhooks?partner=police-futian");
        Assert.Equal(0, theirs.GetArrayLength());
        using var read = await hospital.GetAsync($"/api/webhooks/{id}");
        using var unknown = await hospital.GetAsync("/api/webhooks/wh-000000000000000000000000");
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal((await unknown.Content.ReadAsStringAsync()).Replace("wh-000000000000000000000000", id).Split("\"traceId\"")[0],
            (await read.Content.ReadAsStringAsync()).Split("\"traceId\"")[0]);
        using var deleted = await hospital.DeleteAsync($"/api/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        using var impersonating = await hospital.PostAsJsonAsync("/api/webhooks",
            new { partner = "police-futian", url = "http://127.0.0.1:9/x", units = new[] { AuthHostFixture.Scope }, secret = Secret });
        Assert.Equal(HttpStatusCode.BadRequest, impersonating.StatusCode);

        // Its own partner still has it.
        var own = await police.GetFromJsonAsync<JsonElement>("/api/webhooks");
        Assert.Contains(own.EnumerateArray(), w => w.GetProperty("id").GetString() == id);
        using var gone = await police.DeleteAsync($"/api/webhooks/{id}");
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
    }

    [Fact]
    public async Task An_admin_of_a_district_mints_tokens_inside_it_only()
    {
        using var admin = host.Client(host.Token(Roles.Admin, AuthHostFixture.Scope));

        using var minted = await admin.PostAsJsonAsync("/api/tokens", new { role = "display", unit = host.SiteInside, subject = "wall-7" });
        minted.EnsureSuccessStatusCode();
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var display = host.Client(token);
        using var own = await display.GetAsync($"/api/units/{host.SiteInside}");
        using var parent = await display.GetAsync($"/api/units/{AuthHostFixture.Scope}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, parent.StatusCode);

        using var outside = await admin.PostAsJsonAsync("/api/tokens", new { role = "admin", unit = "4403", subject = "escalate" });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("unit '4403' is not in the registry", await outside.Content.ReadAsStringAsync());
    }
}
