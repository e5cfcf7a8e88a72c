using Canvass.Abstractions.Screening;
using Canvass.Grains.Screening;
using static Canvass.Grains.Tests.ReportFactory;

namespace Canvass.Grains.Tests;

public class SiteStateTests
{
    private static readonly DateTimeOffset T0 = new(2020, 2, 3, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Rescreening_a_household_replaces_its_result_instead_of_adding_to_it()
    {
        var state = new SiteState(10);
        state.Apply(HouseholdReported.From(Screened("a", 3, T0, ResidentStatus.Normal, ResidentStatus.Fever)));
        state.Apply(HouseholdReported.From(Screened("b", 3, T0.AddHours(1), ResidentStatus.Normal, ResidentStatus.Normal, ResidentStatus.Normal)));

        Assert.Equal(1, state.Screened);
        Assert.Equal(new ResidentCounts(3, 0, 0, 0, 0, 0, 0), state.Residents);
        Assert.Equal(T0.AddHours(1).UtcTicks, state.LastReportUtcTicks);
    }

    [Fact]
    public void A_report_older_than_the_one_held_changes_nothing()
    {
        var state = new SiteState(10);
        state.Apply(HouseholdReported.From(Screened("new", 5, T0.AddHours(2), ResidentStatus.Suspected)));

        var changed = state.Apply(HouseholdReported.From(Screened("old", 5, T0, ResidentStatus.Normal)));

        Assert.False(changed);
        Assert.Equal(new ResidentCounts(0, 0, 0, 0, 0, 1, 0), state.Residents);
        Assert.Equal(1, state.EffectiveEvents);
        Assert.True(state.HasSeen("old"));
    }

    [Fact]
    public void Only_screened_households_count_and_a_later_absence_replaces_a_screening()
    {
        var state = new SiteState(10);
        state.Apply(HouseholdReported.From(Screened("a", 1, T0, ResidentStatus.Normal)));
        state.Apply(HouseholdReported.From(Visited("b", 2, T0, ScreeningOutcome.Refused)));
        state.Apply(HouseholdReported.From(Visited("c", 1, T0.AddDays(1), ScreeningOutcome.Absent)));

        Assert.Equal(0, state.Screened);
        Assert.Equal(1, state.Absent);
        Assert.Equal(1, state.Refused);
        Assert.Equal(ResidentCounts.Zero, state.Residents);
    }
}
