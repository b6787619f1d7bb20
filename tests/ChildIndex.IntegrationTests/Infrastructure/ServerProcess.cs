using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ChildIndex.IntegrationTests.Infrastructure;

/// <summary>
/// A built server (ChildIndex.Api or ChildIndex.Identity), or the demo seeder (ChildIndex.DemoData),
/// run as an operator runs it: a real process
/// on real sockets, with its output collected.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Runs a command (migrate, seed-demo, ...) to its end.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string project, IReadOnlyList<string> args, IDictionary<string, string> environment)
    {
        using var process = Process.Start(StartInfo(project, args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    /// <summary>Starts `serve` (or <paramref name="command"/>) and returns once it says it is serving.</summary>
    public static async Task<ServerProcess> StartAsync(string project, IDictionary<string, string> environment, string command = "serve")
    {
        var server = new ServerProcess(Process.Start(StartInfo(project, [command], environment))!);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!server.Output.Contains("serving on", StringComparison.Ordinal))
        {
            if (server._process.HasExited || DateTime.UtcNow > deadline)
            {
                if (server._process.HasExited)
                {
                    // Drains the redirected output, which can still be arriving after exit.
                    server._process.WaitForExit();
                }

                var output = server.Output;
                server.Dispose();
                throw new InvalidOperationException($"{project} did not start:\n{output}");
            }

            await Task.Delay(100);
        }

        return server;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no flush, as a power cut would.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo StartInfo(string project, IReadOnlyList<string> args, IDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet", [Dll(project), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>The server built beside these tests, in the same configuration (Debug or Release).</summary>
    private static string Dll(string project)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "ChildIndex.sln")))
        {
            root = root.Parent;
        }

        var dll = Path.Combine(root!.FullName, "src", project, "bin", configuration!, "net10.0", $"{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the solution first", dll);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
        }
    }
}
