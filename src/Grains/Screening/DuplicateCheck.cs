namespace Canvass.Grains.Screening;

/// <summary>What a site's own state can tell about a report id it is offered.</summary>
public enum DuplicateCheck
{
    /// <summary>Certainly never acknowledged: it is newer than anything this household or entrance holds.</summary>
    New,

    /// <summary>Certainly acknowledged before: the very report behind a result the site holds.</summary>
    Duplicate,

    /// <summary>Older than what is held, so it changes no figure either way; only the journal knows whether it was seen.</summary>
    AskJournal,
}
