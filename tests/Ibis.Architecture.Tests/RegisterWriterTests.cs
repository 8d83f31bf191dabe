using Ibis.Architecture.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// DESIGN 3, module Psd: "the only code that changes registers" — issue 18: the PSD aggregate
/// (Ibis.Domain.Psd.PostalSecurityDevice) moves and seals them, and one mapper, Ibis.Server.Psd.PsdRow,
/// writes what it sealed into the row. The registers and their seal live on Ibis.Data.Entities.DeviceRow
/// with public setters (EF Core needs them), so the compiler cannot keep anything else out; this test
/// does, by reading every method body of Ibis.Server and the CLI for calls to those setters (an object
/// initializer calls them too), to the aggregate's Seal and to RegisterSeal.Seal. A call from a
/// compiler-made type (lambda, async state machine) counts for the type it sits in.
/// </summary>
public sealed class RegisterWriterTests
{
    private const string DeviceRow = "Ibis.Data.Entities.DeviceRow";
    private const string PsdNamespace = "Ibis.Server.Psd";
    private const string Mapper = "Ibis.Server.Psd.PsdRow";
    private const string Aggregate = "Ibis.Domain.Psd.PostalSecurityDevice";

    /// <summary>The registers, what the seal covers with them, and the seal itself (DESIGN 2, 4): written by <see cref="Mapper"/> only.</summary>
    private static readonly string[] RegisterAndSealProperties =
    [
        "AscendingMills", "DescendingMills", "ControlTotalMills", "PieceCount", "CapMills", "ResetCount",
        "RegisterMac", "PreviousMac", "Version", "WatchdogDeadline", "LastSeenAt",
        "RecordedResetsMills", "RecordedPostageMills", "RecordedPieces", "SealVersion",
    ];

    /// <summary>The key-store handles the signatures and the seal are made with: written inside the PSD module only.</summary>
    private static readonly string[] KeyProperties = ["KeyHandle", "MacKeyHandle"];

    /// <summary>"Type sets Property" for every writer outside Ibis.Server.Psd today. Only shrinks.</summary>
    private static readonly string[] KnownRegisterWriters = [];

    /// <summary>"Type calls RegisterSeal.Seal" outside Ibis.Server.Psd today. Only shrinks.</summary>
    private static readonly string[] KnownSealCallers = [];

    private static readonly string[] Scanned = [Compiled.Server, Compiled.Cli];

    private static bool InPsd(TypeReference owner) =>
        Compiled.Outermost(owner).Namespace is var ns && (ns == PsdNamespace || ns.StartsWith(PsdNamespace + ".", StringComparison.Ordinal));

    private static IEnumerable<(TypeDefinition Owner, MethodReference Callee)> Calls(string assembly) =>
        TypeUses.Instructions(Compiled.AllTypes(assembly))
            .Where(x => x.Instruction.OpCode.FlowControl == FlowControl.Call || x.Instruction.OpCode.Code is Code.Ldftn or Code.Ldvirtftn or Code.Ldtoken)
            .Where(x => x.Instruction.Operand is MethodReference)
            .Select(x => (x.Owner, (MethodReference)x.Instruction.Operand));

    /// <summary>Writers of one of <paramref name="properties"/>: "Owner sets Property", for owners in any namespace.</summary>
    private static IEnumerable<(TypeDefinition Owner, string Entry)> Writes(string assembly, string[] properties) =>
        Calls(assembly)
            .Where(c => c.Callee.DeclaringType.FullName == DeviceRow && c.Callee.Name.StartsWith("set_", StringComparison.Ordinal)
                        && properties.Contains(c.Callee.Name[4..]))
            .Select(c => (c.Owner, $"{Compiled.Outermost(c.Owner).FullName} sets {c.Callee.Name[4..]}"));

    private static IEnumerable<(TypeDefinition Owner, string Entry)> RegisterWrites(string assembly) => Writes(assembly, RegisterAndSealProperties);

    private static bool IsMapper(TypeReference owner) => Compiled.Outermost(owner).FullName == Mapper;

    /// <summary>
    /// Bulk updates of device rows (ExecuteUpdate) bypass the setters and the seal: outside the PSD
    /// module they are refused outright, whatever columns they set.
    /// </summary>
    private static IEnumerable<(TypeDefinition Owner, string Entry)> BulkDeviceUpdates(string assembly) =>
        Calls(assembly)
            .Where(c => c.Callee is GenericInstanceMethod g && c.Callee.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal)
                        && g.GenericArguments.Any(a => a.FullName == DeviceRow))
            .Select(c => (c.Owner, $"{Compiled.Outermost(c.Owner).FullName} bulk-updates DeviceRow"));

    [Fact]
    public void Scanner_SeesTheMapperWritingRegisters()
    {
        // Guards the scan: the mapper is seen setting registers and the seal, and the PSD module sealing them
        // from inside async handlers and lambdas.
        var writes = Scanned.SelectMany(RegisterWrites).Where(w => IsMapper(w.Owner)).Select(w => w.Entry).ToHashSet();
        Assert.Contains(Mapper + " sets RegisterMac", writes);
        Assert.Contains(Mapper + " sets Version", writes);
        Assert.Contains(Mapper + " sets DescendingMills", writes);
        Assert.Contains(Scanned.SelectMany(SealCalls), c => InPsd(c.Owner) && c.Owner.Name != "RegisterSeal");
        Assert.Contains(Scanned.SelectMany(Writes(KeyProperties)), w => InPsd(w.Owner));
    }

    [Fact]
    public void Registers_AreWrittenOnlyByTheMapperOfThePsdAggregate()
    {
        // Only what the aggregate moved and sealed reaches a row: any other type that sets a register, the cap,
        // the watchdog, the record totals or the seal — even inside the PSD module — fails here.
        var outside = Scanned.SelectMany(a => RegisterWrites(a).Concat(BulkDeviceUpdates(a).Where(w => !InPsd(w.Owner))))
            .Where(w => !IsMapper(w.Owner)).Select(w => w.Entry);
        AllowList.AssertOnlyShrinks(outside, KnownRegisterWriters, "register writers other than " + Mapper);
    }

    [Fact]
    public void KeyHandles_AreWrittenOnlyByThePsdModule()
    {
        var outside = Scanned.SelectMany(Writes(KeyProperties)).Where(w => !InPsd(w.Owner)).Select(w => w.Entry);
        AllowList.AssertOnlyShrinks(outside, [], "key handle writers outside " + PsdNamespace);
    }

    [Fact]
    public void TheAggregatesSeal_IsCalledOnlyByRegisterSeal()
    {
        // The aggregate seals under a MAC function; RegisterSeal is the one caller that hands it the device's key.
        var callers = Scanned.SelectMany(a => Calls(a)
                .Where(c => c.Callee.DeclaringType.FullName == Aggregate && c.Callee.Name == "Seal")
                .Select(c => Compiled.Outermost(c.Owner).FullName))
            .Distinct().ToList();
        Assert.Equal([PsdNamespace + ".RegisterSeal"], callers);
    }

    private static Func<string, IEnumerable<(TypeDefinition Owner, string Entry)>> Writes(string[] properties) => a => Writes(a, properties);

    [Fact]
    public void DeviceStatus_IsWrittenOnlyFromTheAggregate()
    {
        // Issue 18: every status change is a transition of PostalSecurityDevice (commission, lock, report lost,
        // check out …), which DeviceLife.Save writes with its history entry (§502.19). A new row's first status
        // (inventory) is set where the row is made.
        var writers = Scanned.SelectMany(Writes(["Status"])).Select(w => w.Entry)
            .Where(e => e != "Ibis.Server.Psd.DeviceLife sets Status");
        AllowList.AssertOnlyShrinks(writers, ["Ibis.Server.Psd.AddDeviceToInventory sets Status"], "device status writers other than DeviceLife.Save");
    }

    private static IEnumerable<(TypeDefinition Owner, string Entry)> SealCalls(string assembly) =>
        Calls(assembly)
            .Where(c => c.Callee.DeclaringType.FullName == PsdNamespace + ".RegisterSeal" && c.Callee.Name == "Seal")
            .Select(c => (c.Owner, $"{Compiled.Outermost(c.Owner).FullName} calls RegisterSeal.Seal"));

    [Fact]
    public void RegisterSeal_IsCalledOnlyByThePsdModule_ButTheKnownCallers()
    {
        var outside = Scanned.SelectMany(SealCalls).Where(c => !InPsd(c.Owner)).Select(c => c.Entry);
        AllowList.AssertOnlyShrinks(outside, KnownSealCallers, "RegisterSeal.Seal callers outside Ibis.Server.Psd");
    }
}
