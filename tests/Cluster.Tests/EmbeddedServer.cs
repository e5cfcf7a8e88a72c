namespace Canvass.Cluster.Tests;

/// <summary>
/// The embedded default as its own process, with a SQLite journal in a temporary folder that is removed afterwards.
/// </summary>
public class EmbeddedServer : IAsyncLifetime
{
    /// <summary>Settings a derived fixture adds to the command line.</summary>
    protected virtual string[] Settings => [];

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("canvass-embedded-");

    public ServerProcess Process { get; private set; } = null!;

    /// <summary>Its management address, where /metrics is served (not on the API's port).</summary>
    public string ManagementUrl { get; } = $"http://127.0.0.1:{Ports.Free()}";

    /// <summary>Puts files in the server's folder before its first start, as a derived fixture needs (an existing journal).</summary>
    protected virtual void Seed(DirectoryInfo folder)
    {
    }

    public Task InitializeAsync()
    {
        Seed(Folder);
        Process = new ServerProcess("embedded", "Canvass.Silo.dll", Folder.FullName,
        [
            $"--Storage:SqlitePath={Path.Combine(Folder.FullName, "canvass.db")}", $"--Management:Urls={ManagementUrl}",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
            "--Silo:Dashboard=false", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting, .. Settings,
        ]);
        return Process.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Process.DisposeAsync();
        Folder.Delete(recursive: true);
    }
}
