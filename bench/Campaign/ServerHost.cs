using System.Diagnostics;
using System.Net;
using Canvass.Bench.Load;
using Canvass.Bench.Metrics;
using Canvass.Bench.Scenarios;

namespace Canvass.Bench.Campaign;

/// <summary>
/// The server the campaign runs on, started from the command line it was given (bench/run.sh passes the silo's,
/// with its ports, journal and signing key), killed with SIGKILL as a crashed machine would be, and started again
/// with the same command on the same journal. Its output is appended to one log across restarts.
/// </summary>
public sealed class ServerHost(IReadOnlyList<string> command, string logPath, ReportClient client) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private readonly Lock _logLock = new();
    private Process? _process;
    private StreamWriter? _log;

    public int Pid => _process?.Id ?? throw new InvalidOperationException("the server is not started");

    public string LogPath => logPath;

    /// <summary>Starts the server and waits until <c>/health/ready</c> answers 200.</summary>
    public async Task StartAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        _log ??= new StreamWriter(logPath, append: true) { AutoFlush = true };
        Write($"--- bench: start {DateTime.UtcNow:O}");
        try
        {
            _process = Process.Start(info) ?? throw new BenchException($"could not start the server: {command[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new BenchException($"could not start the server '{command[0]}': {e.Message}", e);
        }

        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (await client.TryGetTextAsync("/health/ready", cancel) is not { Status: HttpStatusCode.OK })
        {
            if (_process.HasExited)
            {
                throw new BenchException($"the server exited with {_process.ExitCode} while starting; see {logPath}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchException($"the server was not ready within {timeout.TotalSeconds:0} s; see {logPath}");
            }

            await Task.Delay(Poll, cancel);
        }
    }

    /// <summary>Waits until the server's start-up warm-up has rebuilt the whole tree (<c>canvass_warmup_done</c> 1).</summary>
    public async Task WaitWarmAsync(TimeSpan timeout, CancellationToken cancel)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (await client.TryGetTextAsync(client.MetricsPath, cancel) is not { Status: HttpStatusCode.OK } metrics
            || PrometheusText.Sum(metrics.Body, "canvass_warmup_done") is not >= 1)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new BenchException($"the server's warm-up did not finish within {timeout.TotalSeconds:0} s; see {logPath}");
            }

            await Task.Delay(Poll, cancel);
        }
    }

    /// <summary>SIGKILL: no graceful shutdown and no flush; what was acknowledged must be on disk already.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
        Write($"--- bench: killed {DateTime.UtcNow:O}");
    }

    public void Dispose()
    {
        Kill();
        _log?.Dispose();
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }
}
