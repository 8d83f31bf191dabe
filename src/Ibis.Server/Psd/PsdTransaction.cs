using Ibis.Data;
using Ibis.Data.Entities;
using Ibis.Domain;
using Ibis.Domain.Psd;
using Ibis.Server.Devices;
using Ibis.Server.Api;
using Ibis.Server.Hosting;
using Ibis.Server.UseCases;
using Microsoft.EntityFrameworkCore;

namespace Ibis.Server.Psd;

/// <summary>What an operation on one device sees inside its transaction.</summary>
public sealed class PsdContext(IbisDb db, LoadedDevice loaded, bool incidentRead, DateTimeOffset now, DeviceStanding standing, LicenseRow? license)
{
    public IbisDb Db { get; } = db;

    /// <summary>The license, lease, provider and certificate standings, read with the device's newest records.</summary>
    public DeviceStanding Standing { get; } = standing;

    /// <summary>The device row, locked and verified against its MAC and records.</summary>
    public DeviceRow Device { get; } = loaded.Row;

    /// <summary>The license the device prints under (read with the lock; null for a device in inventory).</summary>
    public LicenseRow? License { get; } = license;

    public DateTimeOffset Now { get; } = now;

    /// <summary>
    /// Why the registers failed their integrity check, when the operation runs anyway (a check-out of a device
    /// locked for it, §502.20(e)); null when they were verified. The state is then never sealed anew.
    /// </summary>
    public string? IntegrityFailure { get; init; }

    /// <summary>
    /// The device's aggregate with its registers, loaded once from the verified row: the one way an operation moves a
    /// register (print, reset, audit, cap) and, in a transaction run with its open incident, the one instance a
    /// life-cycle transition (the check-out) is called on. What it moved is sealed and written back when the
    /// operation returns; a transition is written back by <see cref="SaveLife"/>.
    /// </summary>
    public PostalSecurityDevice Psd { get; } = loaded.Device;

    /// <summary>
    /// Writes the transitions called on <see cref="Psd"/> back — status, incident, checklist, history — through
    /// <see cref="DeviceLife.Save"/>, the one path a status takes. Only in a transaction run with
    /// <c>withIncident</c>: without its open incident the aggregate would check its rules against none and close none.
    /// </summary>
    public void SaveLife()
    {
        if (!incidentRead)
            throw new InvalidOperationException($"device {Device.Id}: a life-cycle step needs the PSD transaction run with the open incident (withIncident: true)");
        DeviceLife.Save(Db, loaded);
    }

    private bool _changed;

    private List<Func<CancellationToken, Task<bool>>>? _rechecks;

    /// <summary>
    /// SQLite (issue 17): the device and every row the operation reads were read from committed data before the
    /// transaction's turn at the write gate, without a lock (<c>prepareBeforeTurn</c>); false inside the transaction.
    /// </summary>
    public bool ReadBeforeTurn { get; init; }

    /// <summary>
    /// A rule that rests on rows the operation reads but does not write (P050 3.6's sum over the licensee's other
    /// devices): for an operation read before its turn, checked again in the turn, before its writes. False says
    /// another writer moved what the rule rests on since it was read: nothing is written and the operation runs again
    /// inside its transaction, where the rule is checked under the lock. Read under the lock, a rule cannot be outdated,
    /// and nothing is kept.
    /// </summary>
    public void RecheckInTurn(Func<CancellationToken, Task<bool>> stillHolds)
    {
        if (ReadBeforeTurn) (_rechecks ??= []).Add(stillHolds);
    }

    internal IReadOnlyList<Func<CancellationToken, Task<bool>>> Rechecks => _rechecks ?? [];

    /// <summary>
    /// Whether the state is sealed anew when the operation returns: always when the aggregate moved a register;
    /// set by an operation whose change the registers do not show (a new key, a check-out) so the seal's version
    /// still tells the new row from the old one.
    /// </summary>
    public bool Changed
    {
        get => _changed || Psd.RegistersChanged;
        set => _changed = value;
    }

    /// <summary>
    /// Inserts the issued indicia (the aggregate's print has put them on the running totals) with the transaction,
    /// untracked (issue 17): a batch in bulk — binary COPY on PostgreSQL, one prepared INSERT on SQLite
    /// (<see cref="BulkInsert"/>); a single piece on SQLite on the same prepared INSERT, on PostgreSQL in the one
    /// SaveChanges batch with the register update (<see cref="BulkInsert.One{T}"/>). A failure later in the
    /// transaction rolls the rows back with everything else.
    /// </summary>
    public Task Record(IReadOnlyList<IndiciumRow> indicia, CancellationToken ct) => indicia.Count switch
    {
        0 => Task.CompletedTask,
        1 => BulkInsert.One(Db, indicia[0], ct),
        _ => BulkInsert.Rows(Db, indicia, ct),
    };

    /// <summary>
    /// Inserts an accepted reset's record with the transaction (the aggregate's reset has put it on the running totals):
    /// added to the context with the reset's other new rows (audit, transmission, ledger), which the transaction writes
    /// together — on SQLite by prepared INSERTs (<see cref="BulkInsert.Added"/>), on PostgreSQL in SaveChanges' batch.
    /// </summary>
    public void Record(ResetRow reset) => Db.Resets.Add(reset);
}

/// <summary>
/// Runs one operation on one device as one database transaction (the pipeline of every operation that moves
/// registers): lock the device row, replay an idempotent retry, verify register integrity, refuse a
/// clock that moved backwards, run the operation, seal the new state with its MAC, store the
/// answer under the idempotency key (a typed <see cref="Reply{T}"/>, its JSON fixed once), commit, anchor the new state outside the database
/// (<see cref="RegisterCheckpoints"/>). Any failure rolls everything back; an integrity
/// failure or failed audit then locks the device and opens a case in a transaction of its own.
/// </summary>
public sealed class PsdTransaction(IbisDb db, CommandPipeline pipeline, SqliteWriteGate gate, DeviceTurns turns, RegisterSeal seal, DeviceLockout lockout,
    TimeProvider clock, IbisOptions options, IdempotencyStore idempotency, RegisterCheckpoints checkpoints)
{
    /// <param name="allowLocked">Audits may run on a locked device (the provider investigating); nothing else may.</param>
    /// <param name="admit">
    /// Checks the caller may use the locked row, before anything else sees it (an idempotent replay included):
    /// for an operation that did not load the device before its transaction (the print, issue 17: three round trips).
    /// </param>
    /// <param name="tolerateIntegrityFailure">
    /// Only the check-out: a device already locked for a register integrity failure is still checked out, its
    /// registers recorded as not validated (<see cref="PsdContext.IntegrityFailure"/>) and its broken seal kept;
    /// one already checked out is refused by its status, not locked again.
    /// </param>
    /// <param name="withIncident">
    /// A life-cycle step (the check-out): the aggregate is loaded with the device's open incident, so the transition
    /// and the registers the seal covers are one instance (<see cref="PsdContext.SaveLife"/>). Asked for, not
    /// always read: the print and the reset never look at an incident, and reading it would add a round trip
    /// to every piece printed (PrintRoundTripTests counts them).
    /// </param>
    /// <param name="prepareBeforeTurn">
    /// SQLite (issue 17): the operation may be prepared before the transaction's turn at the write gate, which it then
    /// holds for its writes alone (<see cref="PreparedBeforeTurn{T}"/>). Only for an operation whose every write is one
    /// the transaction makes from what the context tracks or a bulk insert (a print, a reset), and whose every rule
    /// resting on rows it does not write is also given to <see cref="PsdContext.RecheckInTurn"/>: a SaveChanges of its
    /// own refuses the preparation, and the operation runs again inside its transaction.
    /// </param>
    public async Task<Reply<T>> Run<T>(string deviceId, IdempotentRequest request, Func<PsdContext, Task<Outcome<T>>> operation, CancellationToken ct,
        bool allowLocked = false, bool tolerateIntegrityFailure = false, Action<DeviceRow>? admit = null, bool withIncident = false,
        bool prepareBeforeTurn = false) where T : class
    {
        var step = new Step<T>(deviceId, request, operation, allowLocked, tolerateIntegrityFailure, admit, withIncident);
        try
        {
            // SQLite: an operation prepared before its turn takes the device's turn first (DeviceTurns), never inside a
            // caller's transaction, which holds the gate. The others need none: they read inside their turn at the gate,
            // and taking one would hold a device's next operation out of the commit group the previous one is in.
            using var turn = prepareBeforeTurn && gate.LendsWriterTo(db) && db.Database.CurrentTransaction is null ? await turns.Take(deviceId, ct) : null;
            if (turn is not null && await PreparedBeforeTurn(step, ct) is { } early) return early;
            // The pipeline's transaction stage; inside a caller's transaction (the sandbox is created in one) the
            // operation joins it.
            return await pipeline.InTransaction(async (tx, ct) =>
            {
                var prepared = await Prepare(step, ct);
                return prepared.Reply.Replayed ? prepared.Reply : await Write(prepared, tx, ct);
            }, ct);
        }
        catch (RegisterIntegrityException e)
        {
            await lockout.Lock(e.DeviceId, DeviceLockout.IntegrityFailure, e.Reason, null, CancellationToken.None);
            throw new ApiException(409, "register_integrity_failure",
                "the device's registers do not match their integrity seal; the device is locked and the provider has a case");
        }
        catch (AuditFailedException e)
        {
            await lockout.Lock(deviceId, "audit_failed", e.Reason, e.Audit, CancellationToken.None);
            throw new ApiException(409, "audit_failed", e.DuringReset
                ? new ResetRequiresSuccessfulAuditRule(false, e.Reason).Message
                : $"the device audit failed: {e.Reason}; the device is locked and the provider has a case");
        }
    }

    /// <summary>
    /// SQLite (issue 17): the whole operation — the device read, its checks, the operation with its signatures, the seal,
    /// the answer — made from committed data before the turn at the write gate, its inserts kept back
    /// (<see cref="IbisDb.DeferredInserts"/>); then, in the turn, the rules resting on rows it does not write checked
    /// again (<see cref="PsdContext.RecheckInTurn"/>) and the writes, each changed row's UPDATE (the device's, a reset's
    /// deposit account's) matching only if the row still holds, column for column, what was read
    /// (<see cref="SqliteRowUpdates.Modified"/>). So the gate, SQLite's one writer, is held for the writes and the
    /// commit, not for the work. The device's turn (<see cref="DeviceTurns"/>) keeps another prepared operation of this
    /// process from moving the device in between; anything else that did (an operation that read inside its turn,
    /// another process, a status set outside a device transaction, a deposit) leaves a row that differs or a rule that
    /// no longer holds, nothing of this run is kept, and the operation runs again the usual way, inside its
    /// transaction. So does one that wanted to save something itself (a first IMb slot), and one whose row failed its
    /// integrity checks (a writer outside the turn may have moved and anchored it since the read; only a read inside
    /// the transaction may lock the device). Null: run it that way. A refusal is a refusal either way: it was made on
    /// committed state, as the transaction would make it.
    /// </summary>
    private async Task<Reply<T>?> PreparedBeforeTurn<T>(Step<T> step, CancellationToken ct) where T : class
    {
        db.ChangeTracker.Clear();
        db.DeferredInserts = new BulkInsert.Deferred();
        db.SavingChanges += RefuseBeforeTurn;
        try
        {
            Prepared<T> prepared;
            try
            {
                prepared = await Prepare(step, ct, readBeforeTurn: true);
            }
            catch (SaveNeedsTurnException)
            {
                Observability.IbisMetrics.PreparedBeforeTurn("saves");
                return null;
            }
            catch (ReadOvertakenException)
            {
                Observability.IbisMetrics.PreparedBeforeTurn("moved");
                return null;
            }
            finally
            {
                db.SavingChanges -= RefuseBeforeTurn;
            }
            if (prepared.Reply.Replayed)
            {
                Observability.IbisMetrics.PreparedBeforeTurn("replayed");
                return prepared.Reply;
            }
            // What the operation changed is detected now, before the turn: nothing changes the tracked rows after it, and
            // the writes in the turn run on it without detecting again (Write).
            db.ChangeTracker.DetectChanges();
            try
            {
                var written = await pipeline.InTransaction((tx, ct) => Write(prepared, tx, ct), ct, keepTracked: true);
                Observability.IbisMetrics.PreparedBeforeTurn("written");
                return written;
            }
            catch (Exception e) when (e is DbUpdateConcurrencyException
                || (e is DbUpdateException u && DatabaseConflicts.Classify(u) is { Code: "concurrent_duplicate" }))
            {
                // Moved by a writer the device's turn does not order: again, inside the transaction.
                Observability.IbisMetrics.PreparedBeforeTurn("moved");
                return null;
            }
        }
        finally
        {
            db.DeferredInserts = null;
            db.ChangeTracker.Clear();
        }
    }

    private static void RefuseBeforeTurn(object? sender, SavingChangesEventArgs e) => throw new SaveNeedsTurnException();

    /// <summary>
    /// Everything but the writes: lock (or, prepared before the turn, read) the device with its standings and kept answer,
    /// replay an idempotent retry, verify the registers, refuse a clock gone backwards, run the operation, seal what it
    /// moved, make the answer to keep.
    /// </summary>
    private async Task<Prepared<T>> Prepare<T>(Step<T> step, CancellationToken ct, bool readBeforeTurn = false) where T : class
    {
        var (deviceId, request) = (step.DeviceId, step.Request);
        // One round trip locks the row and reads its license, the seal's replay check, every standing the
        // operation needs and the answer kept under the idempotency key.
        var locked = await DeviceStanding.Lock(db, deviceId, request.Key, ct) ?? throw ApiException.NotFound("device", deviceId);
        var device = locked.Device;
        step.Admit?.Invoke(device);
        // A read that may predate a wait for the lock is trusted only if the row agrees with its records.
        if (locked.MayBeStale && !RegisterSeal.AgreesWithRecords(device, locked.Standing))
            locked = await DeviceStanding.Reread(db, locked, request.Key, ct);
        var standing = locked.Standing;

        if (locked.Kept is { } kept) return new Prepared<T>(locked, device, request, false, default, idempotency.ReplayOf<T>(kept, request), readBeforeTurn, []);

        // A locked device is refused before its registers are looked at again: it already has a case.
        if (device.Status == DeviceStatus.Locked && !step.AllowLocked)
            Rules.Check(new DeviceMustBeInServiceRule(device.Status, device.LockReason));
        string? integrityFailure = null;
        try
        {
            seal.Verify(device, standing);
            checkpoints.Check(device); // a row put back with its newest indicia deleted passes the seal, not this
        }
        catch (RegisterIntegrityException e) when (step.TolerateIntegrityFailure
            && (device.Status == DeviceStatus.Withdrawn || (device.Status == DeviceStatus.Locked && device.LockReason == DeviceLockout.IntegrityFailure)))
        {
            integrityFailure = e.Reason;
        }
        catch (RegisterIntegrityException) when (readBeforeTurn)
        {
            // Read before the turn, the row may be one a writer outside the device's turn (an operation that reads inside
            // its turn) has since moved and anchored: older than its checkpoint without having been rolled back. Only a
            // read in the transaction, where no writer can overtake it, may lock the device; the operation runs there.
            throw new ReadOvertakenException();
        }
        var now = clock.GetUtcNow();
        Rules.Check(new ClockMustNotMoveBackwardsRule(device.LastSeenAt, now, ClockMustNotMoveBackwardsRule.DefaultTolerance));
        var loaded = step.WithIncident ? await DeviceLife.WithOpenIncident(db, device, PsdRow.Registers(device), ct)
            : new LoadedDevice(device, PsdRow.Load(device), null);
        var context = new PsdContext(db, loaded, step.WithIncident, now, standing, locked.License)
        {
            IntegrityFailure = integrityFailure, ReadBeforeTurn = readBeforeTurn,
        };
        var outcome = await step.Operation(context);
        // One aggregate per transaction: a status the row now holds came from ctx.Psd (SaveLife), never from a
        // second instance loaded beside it, whose transition the seal and the registers would not have seen.
        if (device.Status != context.Psd.Status)
            throw new InvalidOperationException($"device {deviceId}: its row says {device.Status}, its aggregate {context.Psd.Status}; a transition inside a PSD transaction is called on ctx.Psd and saved by SaveLife");
        // Registers that failed their check are never sealed again: the broken seal stays as the evidence.
        // Read once: sealing leaves the aggregate with nothing unsealed, so Changed reads false after it.
        var sealAnew = context.Changed && integrityFailure is null;
        if (sealAnew) seal.Seal(context.Psd, device, now);
        else if (context.Psd.RegistersChanged)
            throw new InvalidOperationException($"device {deviceId}: registers that failed their integrity check never move");
        var reply = await idempotency.Keep(db, deviceId, request, outcome, now, ct);
        return new Prepared<T>(locked, device, request, sealAnew, now, reply, readBeforeTurn, context.Rechecks);
    }

    /// <summary>
    /// The writes and what follows them: the inserts kept back, if any, then the new and the changed rows; an answer kept
    /// by the request a wait for the lock hid (PostgreSQL) replayed; the new state anchored after the commit.
    /// </summary>
    /// <remarks>
    /// Rows read before the turn at SQLite's write gate (<see cref="PreparedBeforeTurn{T}"/>): each UPDATE is made
    /// only if its row still holds, column for column, what was read, and the rules resting on rows not written are
    /// checked again first — the checks that stand in for the locks it did not hold. Any write in between to a row
    /// written (registers, status, lease, key; a balance) or to what such a rule rests on refuses it as a concurrency conflict.
    /// </remarks>
    private async Task<Reply<T>> Write<T>(Prepared<T> prepared, CommandTransaction tx, CancellationToken ct) where T : class
    {
        var (locked, device, readBeforeTurn) = (prepared.Locked, prepared.Device, prepared.ReadBeforeTurn);
        // No savepoint around SaveChanges (issue 17: EF Core makes one whenever the transaction was begun
        // outside it): a failed save ends this transaction, or this group member's savepoint, with
        // everything else it wrote. A joined transaction keeps it: its owner may go on after a failure.
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = !tx.Own;
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        try
        {
            // SQLite: the inserts an operation prepared before its turn asked for, then the new rows (a reset's audit,
            // ledger entries, record…) on prepared statements, the updated ones (the registers) by hand-written
            // UPDATEs, on changes detected once; SaveChanges writes whatever is left (a deletion, a mapping neither writes).
            if (!db.IsPostgres)
            {
                // Prepared before the turn, its changes were detected then (PreparedBeforeTurn): not again in the turn.
                if (readBeforeTurn) db.ChangeTracker.AutoDetectChangesEnabled = false;
                // Read before the turn: the rules that rest on rows the operation does not write, again, before any write.
                foreach (var recheck in prepared.Rechecks)
                    if (!await recheck(ct))
                        throw new DbUpdateConcurrencyException($"device {device.Id}: a rule checked before the turn at the write gate rests on rows another writer changed since");
                await BulkInsert.Flush(db, ct);
                await BulkInsert.Added(db, Auth.TableGenerations.IsWatched, ct);
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                // A device row the operation left as it was is still checked: its version written back as it stands.
                if (readBeforeTurn && db.Entry(device).State == EntityState.Unchanged) db.Entry(device).Property(d => d.Version).IsModified = true;
                await SqliteRowUpdates.Modified(db, ct, readWithoutLock: readBeforeTurn, watched: Auth.TableGenerations.MustSeeUpdate);
            }
            // (On PostgreSQL SaveChanges detects the changes itself; asking first would detect them twice.)
            if (db.IsPostgres || db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (tx.Own && locked.MayBeStale && prepared.Request.Key is not null
            && DatabaseConflicts.Classify(e) is { Code: "concurrent_duplicate" })
        {
            // The kept answer was read before a wait for the lock, and the waited-for request (one that left the
            // records as they were, an audit say) kept its answer under this key: nothing of this run is kept,
            // and the client gets that answer (or the 409 for a key reused with another request).
            await tx.RollBack(ct);
            db.ChangeTracker.Clear();
            if (await idempotency.Replay<T>(db, device.Id, prepared.Request, ct) is { } replay) return replay;
            throw;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        // Only a commit of our own is anchored: a caller's transaction may still roll back.
        if (prepared.SealAnew) tx.AfterCommit(() => checkpoints.Note(device, prepared.Now));
        return prepared.Reply;
    }

    /// <summary>One run's operation and how it is to be run.</summary>
    private sealed record Step<T>(string DeviceId, IdempotentRequest Request, Func<PsdContext, Task<Outcome<T>>> Operation,
        bool AllowLocked, bool TolerateIntegrityFailure, Action<DeviceRow>? Admit, bool WithIncident) where T : class;

    /// <summary>An operation made and sealed, its answer kept with its writes; or the answer kept before (<c>Reply.Replayed</c>: nothing to write).</summary>
    /// <param name="ReadBeforeTurn">Made from rows read before the turn at SQLite's write gate: what <see cref="Write{T}"/> then checks for them.</param>
    private sealed record Prepared<T>(LockedDevice Locked, DeviceRow Device, IdempotentRequest Request, bool SealAnew, DateTimeOffset Now, Reply<T> Reply,
        bool ReadBeforeTurn, IReadOnlyList<Func<CancellationToken, Task<bool>>> Rechecks) where T : class;

    /// <summary>An operation prepared before its turn wanted to save something itself (<see cref="PreparedBeforeTurn{T}"/>).</summary>
    private sealed class SaveNeedsTurnException() : InvalidOperationException("a device operation prepared before its turn at the write gate saves nothing itself");

    /// <summary>A device row read before the turn failed its integrity checks: decided again by a read inside the transaction.</summary>
    private sealed class ReadOvertakenException() : Exception("the device row read before the turn failed its integrity checks; it is read again inside the transaction");

    public int WatchdogMonths => options.WatchdogPeriodMonths;
}

/// <summary>A device audit inside an operation failed: the device must be locked once the operation is rolled back.</summary>
internal sealed class AuditFailedException(AuditRow audit, string reason, bool duringReset) : Exception(reason)
{
    public bool DuringReset { get; } = duringReset;

    public AuditRow Audit { get; } = audit;

    public string Reason { get; } = reason;
}
