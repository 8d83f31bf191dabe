using Ibis.Architecture.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: "one pipeline — authorize → transaction → row lock → idempotency — used by every command, replacing the
/// transaction templates". A database transaction is begun, and an execution strategy run, by the command pipeline's
/// transaction stage only (<c>Ibis.Server.UseCases.CommandPipeline</c>); the row-lock and idempotency stages
/// (<c>PsdTransaction</c>, <c>AccountTransaction</c>), the use cases and the background jobs run inside it. Read from
/// the IL of Ibis.Server and the CLI: calls to <c>BeginTransaction…</c> and <c>CreateExecutionStrategy</c>. A call from
/// a compiler-made type (lambda, async state machine) counts for the type it sits in.
/// </summary>
public sealed class TransactionTemplateTests
{
    private const string Pipeline = "Ibis.Server.UseCases.CommandPipeline";

    /// <summary>
    /// Transactions of their own, with the reason. Only shrinks.
    /// <c>DeviceLockout</c>: the lock and the case must commit while the operation that found the problem rolls back,
    /// from a scope of its own, and without the SQLite write gate, which the failed command's caller may still hold.
    /// <c>ScanStoreSchema</c>: schema upkeep (partitions under an advisory lock), not a command.
    /// </summary>
    private static readonly string[] Allowed =
    [
        "Ibis.Server.Psd.DeviceLockout",
        "Ibis.Server.Verification.ScanStoreSchema",
    ];

    private static bool OpensTransaction(MethodReference m) =>
        m.DeclaringType.FullName == "Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade"
            && m.Name.StartsWith("BeginTransaction", StringComparison.Ordinal)
        || m.Name == "CreateExecutionStrategy";

    private static IEnumerable<string> Openers(string assembly) =>
        TypeUses.Instructions(Compiled.AllTypes(assembly))
            .Where(x => x.Instruction.OpCode.FlowControl == FlowControl.Call && x.Instruction.Operand is MethodReference m && OpensTransaction(m))
            .Select(x => Compiled.Outermost(x.Owner).FullName)
            .Distinct();

    [Fact]
    public void OnlyTheCommandPipeline_OpensTransactions()
    {
        var found = new[] { Compiled.Server, Compiled.Cli }.SelectMany(Openers).Where(t => t != Pipeline);
        AllowList.AssertOnlyShrinks(found, Allowed, "types opening a transaction of their own");
    }

    [Fact]
    public void Scanner_SeesThePipelineOpenATransaction()
    {
        // Guards the scan: the pipeline's own begin, inside its async lambda, is seen.
        Assert.Contains(Pipeline, Openers(Compiled.Server));
    }
}
