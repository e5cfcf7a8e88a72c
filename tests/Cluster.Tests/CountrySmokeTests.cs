using System.IO.Compression;
using System.Text;
using Canvass.Gateway.Auth;
using Canvass.Registry;

namespace Canvass.Cluster.Tests;

/// <summary>
/// The bench's country scenario against the embedded host running a small country: the national manifest as
/// shipped, over the real division rows of one county (Beijing's Dongcheng), so that the scenario and the
/// configuration switch cannot rot. The figures themselves are never asserted.
/// </summary>
public sealed class CountrySmokeTests : IAsyncLifetime
{
    private const string County = "110101";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("canvass-country-");
    private string _manifest = null!;
    private ServerProcess _server = null!;

    private readonly string _management = $"http://127.0.0.1:{Ports.Free()}";

    public async Task InitializeAsync()
    {
        _manifest = WriteCounty(Path.Combine(_folder.FullName, "registry"));
        _server = new ServerProcess("country", "Canvass.Silo.dll", _folder.FullName,
            $"--Registry:Path={_manifest}", $"--Management:Urls={_management}",
            $"--Storage:SqlitePath={Path.Combine(_folder.FullName, "canvass.db")}",
            $"--Silo:SiloPort={Ports.Free()}", $"--Silo:GatewayPort={Ports.Free()}",
            "--Silo:Dashboard=false", "--Logging:LogLevel:Default=Warning", TestTokens.KeySetting);
        await _server.StartAsync(TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task The_country_scenario_touches_every_site_once_and_the_root_accounts_for_every_report()
    {
        var registry = RegistryLoader.Load(_manifest);
        var sites = registry.Sites.Count;

        var (exit, output) = await BenchSmokeTests.RunAsync(_folder.FullName,
            ["country", "--url", _server.Url.ToString().TrimEnd('/'), "--metrics-url", _management, "--token", TestTokens.Mint(Roles.Admin, registry.Root.Id), "--registry", _manifest, "--server-pid", _server.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--batch", "50", "--wait", "60", "--settle", "30"]);

        Assert.True(exit == 0, $"bench country exited with {exit}:\n{output}");
        Assert.Contains($"{sites:#,0} / 0 / 0 / 0", output);
        Assert.Contains("result: ", output);
    }

    /// <summary>The shipped national manifest over the rows of one county; the same file names, so the manifest is copied as is.</summary>
    private static string WriteCounty(string folder)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "data", "china");
        Directory.CreateDirectory(folder);
        Filter(source, folder, "china-provinces.csv", f => f[0] == County[..2]);
        Filter(source, folder, "china-cities.csv", f => f[0] == County[..4]);
        Filter(source, folder, "china-counties.csv", f => f[0] == County);
        Filter(source, folder, "china-townships.csv", f => f[2] == County);
        Filter(source, folder, "china-communities.csv.gz", f => f[2].StartsWith(County, StringComparison.Ordinal));
        var manifest = Path.Combine(folder, "registry.json");
        File.Copy(Path.Combine(source, "registry.json"), manifest);
        return manifest;
    }

    private static void Filter(string from, string to, string file, Func<string[], bool> keep)
    {
        var text = new StringBuilder();
        var first = true;
        foreach (var (_, fields) in CsvFile.Read(Path.Combine(from, file)))
        {
            if (first || keep(fields))
            {
                text.AppendJoin(',', first ? fields : [fields[0], CsvFile.Quote(fields[1]), .. fields[2..]]).Append('\n');
            }

            first = false;
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        using var output = File.Create(Path.Combine(to, file));
        if (file.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var gzip = new GZipStream(output, CompressionLevel.Fastest);
            gzip.Write(bytes);
        }
        else
        {
            output.Write(bytes);
        }
    }
}
