using System.CommandLine;
using OtpNet;

namespace ChildIndex.Cli.Commands;

/// <summary>`childindex totp SECRET`: the code an authenticator app would show now, for demo users.</summary>
public static class TotpCommand
{
    public static Command Create(CommandHost host)
    {
        var secret = new Argument<string>("SECRET") { Description = "A base32 TOTP secret, such as a demo user's from ./run.sh" };
        var command = new Command(
            "totp",
            "Print the current 6-digit TOTP code (RFC 6238: SHA-1, 30 s) for a secret, standing in for an authenticator app " +
            "with the demo users ./run.sh prints. Real users keep their secret in an authenticator app only: never type it here.")
        {
            secret,
        };
        host.SetAction(
            command,
            async (parsed, context, _) =>
            {
                await context.Output.WriteLineAsync(Code(parsed.GetValue(secret) ?? string.Empty, DateTime.UtcNow));
                return ExitCodes.Ok;
            },
            CommandTarget.None);
        return command;
    }

    /// <summary>The code for <paramref name="secret"/> at <paramref name="utcNow"/>; spaces,
    /// padding and case in the secret are ignored, as authenticator apps do.</summary>
    public static string Code(string secret, DateTime utcNow)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var normalised = new string([.. secret.Where(c => c is not (' ' or '-' or '='))]).ToUpperInvariant();
        if (normalised.Length == 0 || normalised.Any(c => c is not ((>= 'A' and <= 'Z') or (>= '2' and <= '7'))))
        {
            throw new UsageException("SECRET must be base32: the letters A-Z and the digits 2-7");
        }

        return new Totp(Base32Encoding.ToBytes(normalised)).ComputeTotp(utcNow);
    }
}
