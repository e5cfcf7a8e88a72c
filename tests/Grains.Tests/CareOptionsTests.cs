using Canvass.Abstractions.Configuration;
using Canvass.Grains.Care;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Canvass.Grains.Tests;

/// <summary>The <c>Care</c> section as the silo reads it at start: settings replace defaults, bad ones are named.</summary>
public class CareOptionsTests
{
    [Fact]
    public void Settings_replace_their_own_defaults_only()
    {
        var options = Read(new()
        {
            ["Care:CheckTimes:0"] = "07:30",
            ["Care:CheckTimes:1"] = "19:30",
            ["Care:Deadlines:Medicine"] = "00:30:00",
        });

        Assert.Equal(["07:30", "19:30"], options.EffectiveCheckTimes);
        Assert.Equal(TimeSpan.FromMinutes(30), options.Deadlines["medicine"]);
        Assert.Equal(TimeSpan.FromHours(6), options.Deadlines["groceries"]);
        Assert.Equal(["08:00", "16:00"], Read([]).EffectiveCheckTimes);
    }

    [Theory]
    [InlineData("Care:CheckTimes:0", "25:00", "Care:CheckTimes")]
    [InlineData("Care:CheckGrace", "00:00:00", "Care:CheckGrace")]
    [InlineData("Care:Deadlines:flowers", "01:00:00", "Care:Deadlines")]
    [InlineData("Care:Deadlines:water", "-01:00:00", "Care:Deadlines:water")]
    public void A_bad_value_stops_the_start_naming_its_setting(string key, string value, string named)
    {
        var e = Assert.Throws<OptionsValidationException>(() => Read(new() { [key] = value }));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    private static CareOptions Read(Dictionary<string, string?> settings) =>
        ValidatedSection.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), "Care", new CareOptionsValidator());
}
