using System.Globalization;
using Ibis.Domain;
using Ibis.Domain.Compliance;

namespace Ibis.Server.Hosting;

/// <summary>
/// Ibis:Clock:Offset (Ibis__Clock__Offset, a TimeSpan such as 100.00:00:00): a sandbox installation
/// runs its whole clock that far ahead (or behind), so a year of dated duties can be replayed against a
/// running server, restarts included. Every clock read in Ibis goes through the TimeProvider this
/// registers. A live installation refuses to start with an offset (<see cref="ClockOffsetOnlyInSandboxRule"/>).
/// </summary>
public static class ClockOffset
{
    public const string Setting = "Ibis:Clock:Offset";

    /// <summary>The configured offset; zero when unset. A value that is not a TimeSpan is a start-up error.</summary>
    public static TimeSpan Read(IConfiguration config) => config[Setting] is { Length: > 0 } text
        ? TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var offset) ? offset
            : throw new BusinessRuleViolationException(new BrokenRule("clock_offset_invalid", $"{Setting} is '{text}'; write a TimeSpan such as 100.00:00:00", Setting, RuleKind.BadInput))
        : TimeSpan.Zero;

    /// <summary>The reason this configuration cannot start, in one line; null when it can.</summary>
    public static string? Problem(IConfiguration config, IbisOptions options)
    {
        try
        {
            var rule = new ClockOffsetOnlyInSandboxRule(Read(config), options.CreateSandbox);
            return rule.IsBroken() ? rule.Message : null;
        }
        catch (BusinessRuleViolationException e)
        {
            return e.Message;
        }
    }

    /// <summary>The application's clock: the system clock, shifted in a sandbox when an offset is set.</summary>
    public static TimeProvider Create(IConfiguration config, IbisOptions options)
    {
        var offset = Read(config);
        Rules.Check(new ClockOffsetOnlyInSandboxRule(offset, options.CreateSandbox));
        return offset == TimeSpan.Zero ? TimeProvider.System : new OffsetTimeProvider(TimeProvider.System, offset);
    }

    /// <summary>Writes the problem on standard error and exits with EX_CONFIG (78), like the other live-installation checks.</summary>
    public static void ExitOnProblem(IConfiguration config, IbisOptions options)
    {
        if (Problem(config, options) is not { } problem) return;
        Console.Error.WriteLine("Ibis cannot start: " + problem);
        Environment.Exit(78);
    }
}

/// <summary>A clock that reads another clock plus a fixed offset; timers and timestamps are the inner clock's.</summary>
internal sealed class OffsetTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public TimeSpan Offset => offset;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => inner.CreateTimer(callback, state, dueTime, period);
}
