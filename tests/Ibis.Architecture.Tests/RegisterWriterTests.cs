using Ibis.Architecture.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// DESIGN 3, module Psd: "the only code that changes registers". The registers and their seal live
/// on Ibis.Data.Entities.DeviceRow with public setters (EF Core needs them), so the compiler cannot
/// keep other modules out; this test does, by reading every method body of Ibis.Server and the CLI
/// for calls to those setters (an object initializer calls them too) and to RegisterSeal.Seal. A
/// call from a compiler-made type (lambda, async state machine) counts for the type it sits in.
/// </summary>
public sealed class RegisterWriterTests
{
    private const string DeviceRow = "Ibis.Data.Entities.DeviceRow";
    private const string PsdNamespace = "Ibis.Server.Psd";

    /// <summary>The registers, their seal, and the keys that make the seal (DESIGN 2, 4).</summary>
    private static readonly string[] RegisterAndSealProperties =
    [
        "AscendingMills", "DescendingMills", "ControlTotalMills", "PieceCount", "CapMills", "ResetCount",
        "RegisterMac", "PreviousMac", "Version", "WatchdogDeadline", "KeyHandle", "MacKeyHandle",
        "RecordedResetsMills", "RecordedPostageMills", "RecordedPieces", "SealVersion",
    ];

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

    /// <summary>Writers of a register or seal property: "Owner sets Property", for owners in any namespace.</summary>
    private static IEnumerable<(TypeDefinition Owner, string Entry)> RegisterWrites(string assembly) =>
        Calls(assembly)
            .Where(c => c.Callee.DeclaringType.FullName == DeviceRow && c.Callee.Name.StartsWith("set_", StringComparison.Ordinal)
                        && RegisterAndSealProperties.Contains(c.Callee.Name[4..]))
            .Select(c => (c.Owner, $"{Compiled.Outermost(c.Owner).FullName} sets {c.Callee.Name[4..]}"));

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
    public void Scanner_SeesThePsdModuleWritingRegisters()
    {
        // Guards the scan: the PSD module itself is seen setting registers and sealing them, from
        // inside async handlers and lambdas.
        var writes = Scanned.SelectMany(RegisterWrites).Where(w => InPsd(w.Owner)).Select(w => w.Entry).ToHashSet();
        Assert.Contains("Ibis.Server.Psd.RegisterSeal sets RegisterMac", writes);
        Assert.Contains("Ibis.Server.Psd.RegisterSeal sets Version", writes);
        Assert.Contains(writes, w => w.EndsWith(" sets DescendingMills", StringComparison.Ordinal));
        Assert.Contains(Scanned.SelectMany(SealCalls), c => InPsd(c.Owner));
    }

    [Fact]
    public void Registers_AreWrittenOnlyByThePsdModule_ButTheKnownWriters()
    {
        var outside = Scanned.SelectMany(a => RegisterWrites(a).Concat(BulkDeviceUpdates(a)))
            .Where(w => !InPsd(w.Owner)).Select(w => w.Entry);
        AllowList.AssertOnlyShrinks(outside, KnownRegisterWriters, "register writers outside Ibis.Server.Psd");
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
