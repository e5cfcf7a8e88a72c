using System.Diagnostics;
using System.Text;

namespace Canvass.Gateway.Tests.Auth;

/// <summary>The silo program of the test's output folder, run as its own process, its output kept.</summary>
internal static class SiloProcess
{
    private static string Program => Path.Combine(AppContext.BaseDirectory, "Canvass.Silo.dll");

    /// <summary>Runs a command of the program to its end: its exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Out, string Error)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Starts the program; everything it writes goes to <paramref name="log"/>, and <paramref name="started"/> completes
    /// when the host says it has started (after the silo's start-up tasks: the API answers from then on).
    /// </summary>
    public static Process Serve(StringBuilder log, TaskCompletionSource started, params string[] args)
    {
        var process = Start(args);
        process.OutputDataReceived += (_, e) =>
        {
            Append(log, e.Data);
            if (e.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                started.TrySetResult();
            }
        };
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("The server exited before it started."));
        process.EnableRaisingEvents = true;
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Program);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }
}
