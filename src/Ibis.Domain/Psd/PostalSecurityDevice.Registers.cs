using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>
/// The registers as a device's row holds them: the state its MAC covers and that MAC. A carrier into
/// <see cref="PostalSecurityDevice.Load(string, DeviceStatus, DeviceIncident?, SealedRegisters)"/>, not a value: two loads
/// are never compared, so it has no equality of its own (a MAC's bytes would compare by reference).
/// </summary>
public sealed class SealedRegisters(RegisterState state, byte[] mac)
{
    /// <summary>Registers, cap, watchdog, version, last time seen and the provider's running record totals.</summary>
    public RegisterState State { get; } = state;

    /// <summary>The MAC over <see cref="State"/> and the MAC before it (empty before the first seal).</summary>
    public byte[] Mac { get; } = mac;

    /// <summary>A device added to inventory (§502.19): nothing reset, nothing printed, never sealed.</summary>
    public static SealedRegisters Blank(string deviceId, DateTimeOffset at) =>
        new(new RegisterState(deviceId, 0, Mills.Zero, Mills.Zero, 0, Mills.Zero, 0, Mills.Zero, at, at, RecordTotals.Empty), []);
}

/// <summary>
/// The device's accounting registers (P050 3.4–3.6, §502.23, §502.25): the only code that moves AR, DR, the
/// control total, the piece and reset counts, the cap, the watchdog and the provider's running totals of the
/// device's records, and the only code that seals them. Every method checks its rule first and changes
/// nothing when it refuses; <see cref="Seal"/> then chains the new state to the previous MAC (DESIGN §4), so a
/// use case cannot write a register without the seal knowing. The key that makes the MAC stays in the key
/// store: <see cref="Seal"/> is handed the function that computes it.
/// </summary>
public sealed partial class PostalSecurityDevice
{
    private RegisterState? _registers;
    private byte[] _mac = [];
    private byte[] _previousMac = [];

    /// <summary>The device with its registers, as its row holds them (the register operations need them; a life-cycle step does not).</summary>
    public static PostalSecurityDevice Load(string id, DeviceStatus status, DeviceIncident? incident, SealedRegisters registers)
    {
        if (registers.State.DeviceId != id) throw new ArgumentException($"registers of {registers.State.DeviceId}, not of {id}", nameof(registers));
        return new PostalSecurityDevice(id, status, incident)
        {
            _registers = registers.State with { Records = registers.State.Records ?? RecordTotals.Empty },
            _mac = registers.Mac,
        };
    }

    /// <summary>Registers, cap, watchdog, version and record totals as they stand (not yet sealed while <see cref="RegistersChanged"/>).</summary>
    public RegisterState RegisterState => _registers ?? throw new InvalidOperationException($"device {Id} was loaded without its registers");

    /// <summary>AR, DR and the piece count.</summary>
    public Registers Registers => new(RegisterState.Ascending, RegisterState.Descending, RegisterState.PieceCount);

    /// <summary>The provider's running totals of the device's records, moved with every record made (§502.23).</summary>
    public RecordTotals Records => RegisterState.Records ?? RecordTotals.Empty;

    /// <summary>The MAC of the newest seal, and the one it chains to.</summary>
    public ReadOnlyMemory<byte> Mac => _mac;

    public ReadOnlyMemory<byte> PreviousMac => _previousMac;

    /// <summary>Whether an operation moved something since the load or the last <see cref="Seal"/>.</summary>
    public bool RegistersChanged { get; private set; }

    /// <summary>
    /// P050 3.4, 3.6: indicia issued, each debiting its postage (AR += postage, DR −= postage, piece count + 1), and
    /// put on the provider's records. Returns the registers after each piece, which its indicium carries. A batch
    /// is all or nothing and, when DR does not hold it, the refusal names the first piece that does not fit.
    /// </summary>
    public IReadOnlyList<Registers> Print(IReadOnlyList<Mills> postage, bool batch)
    {
        var registers = Registers;
        if (batch) Rules.Check(new BatchMustFitDescendingRegisterRule(registers.Descending, postage));
        var after = new Registers[postage.Count];
        var total = Mills.Zero;
        for (var i = 0; i < postage.Count; i++)
        {
            after[i] = registers = registers.Print(postage[i]);
            total += postage[i];
        }
        Move(RegisterState with
        {
            Ascending = registers.Ascending, Descending = registers.Descending, PieceCount = registers.PieceCount,
            Records = Records.WithIndicia(total, postage.Count),
        });
        return after;
    }

    /// <summary>
    /// P050 3.5, §502.25(a): a reset after a successful audit — DR credited within the cap, the reset counted and
    /// put on record, and the watchdog started again (P050 3.4).
    /// </summary>
    public Registers Reset(Mills amount, DateTimeOffset at, int watchdogMonths)
    {
        var next = Credit(amount);
        Move(RegisterState with { WatchdogDeadline = Watchdog.DeadlineAfter(at, watchdogMonths) });
        return next;
    }

    /// <summary>
    /// §502.27(b)(1): the postage left in a replaced device arrives as this device's reset — credited within the
    /// cap, counted and put on record like one; no audit of this device is involved, so the watchdog stays.
    /// </summary>
    public Registers ReceivePostage(Mills amount) => Credit(amount);

    /// <summary>§502.23, P050 3.4: a successful audit starts the watchdog again.</summary>
    public void PassAudit(DateTimeOffset at, int watchdogMonths) =>
        Move(RegisterState with { WatchdogDeadline = Watchdog.DeadlineAfter(at, watchdogMonths) });

    /// <summary>P050 3.6: a new cap for the device's licensee; refused while DR holds more than it.</summary>
    public void ChangeCap(Mills cap)
    {
        Rules.Check(new DescendingRegisterCapMustBeInRangeRule(cap));
        Rules.Check(new CapMustCoverDescendingRegisterRule(Id, RegisterState.Descending, cap));
        Move(RegisterState with { Cap = cap });
    }

    /// <summary>
    /// P050 2.5, §502.20: a device leaves inventory for a licensee with empty registers under the licensee's cap, its
    /// records empty and its watchdog started (no audit is due before its first period ends); part of <see cref="Commission"/>.
    /// </summary>
    private void CommissionRegisters(Mills cap, DateTimeOffset at, int watchdogMonths) =>
        Move(RegisterState with
        {
            Ascending = Mills.Zero, Descending = Mills.Zero, ControlTotal = Mills.Zero, PieceCount = 0, ResetCount = 0, Cap = cap,
            WatchdogDeadline = Watchdog.DeadlineAfter(at, watchdogMonths), LastSeen = at, Records = RecordTotals.Empty,
        });

    /// <summary>
    /// Seals the state as it stands (DESIGN §4): the time seen moves forward to <paramref name="at"/> (never back),
    /// the version rises by one and the new MAC chains to the previous one. Called once per transaction that
    /// changed the device, also for a change the state does not show (a new key, a check-out): the version then
    /// tells the change apart from a replay of the older row.
    /// </summary>
    public void Seal(Func<byte[], byte[]> mac, DateTimeOffset at)
    {
        var state = RegisterState;
        var next = state with { Version = checked(state.Version + 1), LastSeen = state.LastSeen < at ? at : state.LastSeen, Records = Records };
        if (!next.InvariantsHold) throw new InvalidOperationException($"device {Id}: refusing to seal registers that break AR + DR = control total or 0 ≤ DR ≤ cap");
        _previousMac = _mac;
        _mac = mac(next.CanonicalBytes(_previousMac));
        _registers = next;
        RegistersChanged = false;
    }

    private Registers Credit(Mills amount)
    {
        var next = Registers.Reset(amount, RegisterState.Cap);
        Move(RegisterState with
        {
            Descending = next.Descending, ControlTotal = next.ControlTotal, ResetCount = checked(RegisterState.ResetCount + 1),
            Records = Records.WithReset(amount),
        });
        return next;
    }

    private void Move(RegisterState next)
    {
        _registers = next;
        RegistersChanged = true;
    }
}
