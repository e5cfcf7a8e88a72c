using System.Diagnostics;

namespace Canvass.TestSupport;

/// <summary>A silo or gateway program run as its own process, as an operator would run it; killed with SIGKILL.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly string _program;
    private readonly string[] _args;
    private readonly string _log;
    private Process? _process;

    public ServerProcess(string name, string program, string logFolder, params string[] args)
    {
        Name = name;
        _program = program;
        _args = args;
        _log = Path.Combine(logFolder, name + ".log");
        HttpPort = Ports.Free();
        Url = new Uri($"http://127.0.0.1:{HttpPort}");
    }

    public string Name { get; }

    /// <summary>The process id once started, for the bench's /proc probes.</summary>
    public int Pid => _process?.Id ?? 0;

    public int HttpPort { get; }
    public Uri Url { get; }


    /// <summary>Starts the program and waits until its /health/ready answers 200.</summary>
    public Task StartAsync(TimeSpan timeout) => StartAsync(timeout, "/health/ready");

    /// <summary>Starts the program and waits until <paramref name="probe"/> answers 200 (/health/live: the port answers).</summary>
    public async Task StartAsync(TimeSpan timeout, string probe)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, _program));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(Url.ToString());
        foreach (var arg in _args)
        {
            info.ArgumentList.Add(arg);
        }

        var log = new StreamWriter(_log, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"--- start {DateTime.UtcNow:O}");
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Without a timeout it also waits for the redirected output to be read to its end, so the log
                // holds the process's last words (its refusal) before the tail is taken.
                _process.WaitForExit();
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} while starting; see {_log}:\n{Tail()}");
            }

            try
            {
                using var ready = await Probe.GetAsync(new Uri(Url, probe));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        throw new TimeoutException($"{Name} was not ready within {timeout}; see {_log}:\n{Tail()}");
    }

    /// <summary>SIGKILL: no graceful shutdown, no flush, as a crashed machine.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public string Tail() => File.Exists(_log) ? string.Join('\n', File.ReadLines(_log).TakeLast(30)) : "";

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
