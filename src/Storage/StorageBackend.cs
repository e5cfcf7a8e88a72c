using Canvass.Storage.DailyReports;
using Canvass.Storage.History;
using Canvass.Storage.Memory;
using Canvass.Storage.PostgreSql;
using Canvass.Storage.Revocations;
using Canvass.Storage.Settings;
using Canvass.Storage.Sqlite;
using Canvass.Storage.Uploads;
using Canvass.Storage.Webhooks;

namespace Canvass.Storage;

/// <summary>
/// One storage backend and every store it holds: the journal, unit history, webhooks and their outbox, deployment
/// settings, token revocations and upload receipts, all in the one database <c>Storage:Provider</c> names. <see cref="For"/> is the
/// only place the provider is chosen.
/// </summary>
public abstract class StorageBackend
{
    /// <summary>The backend of validated <paramref name="options"/> (see <see cref="StorageOptionsValidator"/>).</summary>
    public static StorageBackend For(StorageOptions options) => options.Provider switch
    {
        StorageProvider.Sqlite => new SqliteBackend(options),
        StorageProvider.PostgreSql => new PostgreSqlBackend(options),
        StorageProvider.Memory => new MemoryBackend(),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Provider, StorageOptionsValidator.ProviderMessage),
    };

    public abstract ISiteJournal OpenJournal();

    /// <param name="fineRetention">How long points keep their fine interval (<see cref="HistoryOptions.FineRetention"/>).</param>
    public abstract IUnitHistoryStore OpenHistory(TimeSpan fineRetention);

    public abstract IWebhookStore OpenWebhooks();

    public abstract IDailyReportStore OpenDailyReports();

    public abstract IDeploymentSettings OpenSettings();

    public abstract IRevocationStore OpenRevocations();

    public abstract IUploadStore OpenUploads();

    private sealed class SqliteBackend(StorageOptions options) : StorageBackend
    {
        public override ISiteJournal OpenJournal() => SqliteJournal.Open(options.SqlitePath, options.MaxRecordsPerCommit, options.MaxConcurrentLoads);

        public override IUnitHistoryStore OpenHistory(TimeSpan fineRetention) => SqliteHistoryStore.Open(options.SqlitePath, fineRetention);

        public override IWebhookStore OpenWebhooks() => SqliteWebhookStore.Open(options.SqlitePath);

        public override IDailyReportStore OpenDailyReports() => SqliteDailyReportStore.Open(options.SqlitePath);

        public override IDeploymentSettings OpenSettings() => SqliteDeploymentSettings.Open(options.SqlitePath);

        public override IRevocationStore OpenRevocations() => SqliteRevocationStore.Open(options.SqlitePath);

        public override IUploadStore OpenUploads() => SqliteUploadStore.Open(options.SqlitePath);
    }

    private sealed class PostgreSqlBackend(StorageOptions options) : StorageBackend
    {
        private readonly string _connection = options.PostgreSqlConnectionString!;

        public override ISiteJournal OpenJournal() => new PostgreSqlJournal(_connection, options.MaxRecordsPerCommit, options.Writers, options.MaxConcurrentLoads);

        public override IUnitHistoryStore OpenHistory(TimeSpan fineRetention) => new PostgreSqlHistoryStore(_connection, fineRetention);

        public override IWebhookStore OpenWebhooks() => new PostgreSqlWebhookStore(_connection);

        public override IDailyReportStore OpenDailyReports() => new PostgreSqlDailyReportStore(_connection);

        public override IDeploymentSettings OpenSettings() => new PostgreSqlDeploymentSettings(_connection);

        public override IRevocationStore OpenRevocations() => new PostgreSqlRevocationStore(_connection);

        public override IUploadStore OpenUploads() => new PostgreSqlUploadStore(_connection);
    }

    private sealed class MemoryBackend : StorageBackend
    {
        public override ISiteJournal OpenJournal() => new MemoryJournal();

        public override IUnitHistoryStore OpenHistory(TimeSpan fineRetention) => new MemoryHistoryStore(fineRetention);

        public override IWebhookStore OpenWebhooks() => new MemoryWebhookStore();

        public override IDailyReportStore OpenDailyReports() => new MemoryDailyReportStore();

        public override IDeploymentSettings OpenSettings() => new MemoryDeploymentSettings();

        public override IRevocationStore OpenRevocations() => new MemoryRevocationStore();

        public override IUploadStore OpenUploads() => new MemoryUploadStore();
    }
}
