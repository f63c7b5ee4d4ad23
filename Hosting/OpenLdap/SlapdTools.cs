using System.Diagnostics;

namespace Lakehouse.Hosting.OpenLdap;

/// <summary>
/// Runs Debian's offline slapd tools (slapadd, slapcat, slapmodify). LDIF goes through stdin, so password hashes never touch
/// the disk outside the database and no secret appears on a command line.
/// </summary>
internal static class SlapdTools
{
    public const string Slapd = "/usr/sbin/slapd";
    public const string Slapadd = "/usr/sbin/slapadd";
    public const string Slapcat = "/usr/sbin/slapcat";
    public const string Slapmodify = "/usr/sbin/slapmodify";
    public const string Ldapsearch = "/usr/bin/ldapsearch";

    public const string InstallHint =
        "echo 'slapd slapd/no_configuration boolean true' | debconf-set-selections && apt-get install -y slapd ldap-utils";

    /// <summary>Runs a tool to completion and returns its stdout; a non-zero exit throws with its stderr.</summary>
    public static async Task<string> RunAsync(string tool, IEnumerable<string> arguments, string? input, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new DistributedApplicationException($"{tool} could not be started.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                var message = (await error).Trim();
                throw new DistributedApplicationException(
                    $"{Path.GetFileName(tool)} failed with exit code {process.ExitCode}: {(message.Length == 0 ? "no message" : message)}");
            }

            return await output;
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
    }
}
