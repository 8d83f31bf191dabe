using Ibis.Architecture.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: portal pages have "one page filter for idempotent forms and one for refusals". A page model
/// calls the use cases and lets a refusal — an <c>ApiException</c> or a broken rule
/// (<c>BusinessRuleViolationException</c>) — propagate to <c>Pages/RefusalFilter</c>, which discards the
/// unit of work, puts the refusal next to the input it names (<c>IRefusalPage.InputFor</c>) and shows the
/// page again (<c>IRefusalPage.ShowAgainAsync</c>). This reads the IL of every page model of Ibis.Server
/// (lambdas and async state machines count for the page they sit in) for an exception handler that
/// catches either type, a type they derive from (<c>catch (Exception)</c>, a bare <c>catch</c>), or tests
/// for them in a <c>when</c> filter. A catch of anything else (a <c>JsonException</c> of a stored
/// document) is not a refusal and stays allowed.
/// </summary>
public sealed class PageRefusalTests
{
    private static readonly HashSet<string> Refusals = ["Ibis.Server.Api.ApiException", "Ibis.Domain.BusinessRuleViolationException"];

    /// <summary>What a refusal is as well: catching one of these catches the refusals with everything else.</summary>
    private static readonly HashSet<string> Bases = ["System.Exception", "System.Object"];

    private const string PageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";

    /// <summary>"Type (Nested.Method) catches X" for every hand-written catch of a refusal in the types <paramref name="chosen"/> picks (nested types count for their outermost type).</summary>
    private static IEnumerable<string> HandCaughtRefusals(string assembly, Func<TypeDefinition, bool> chosen) =>
        Compiled.AllTypes(assembly)
            .Where(t => chosen(Compiled.Outermost(t).Resolve()))
            .SelectMany(t => t.Methods.Where(m => m.HasBody).SelectMany(m => Caught(m).Select(c => $"{Compiled.Outermost(t).FullName} ({t.Name}.{m.Name}) catches {c}")))
            .Distinct();

    /// <summary>A page model: derives from PageModel (the base types are followed while they are in the same assembly).</summary>
    private static bool IsPageModel(TypeDefinition type)
    {
        for (var b = type.BaseType; b is not null; b = b.Scope == type.Module ? b.Resolve()?.BaseType : null)
            if (b.FullName == PageModel) return true;
        return false;
    }

    private static IEnumerable<string> Caught(MethodDefinition method)
    {
        foreach (var h in method.Body.ExceptionHandlers)
        {
            if (h.HandlerType == ExceptionHandlerType.Catch && h.CatchType is { } type)
            {
                if (Refusals.Contains(type.FullName)) yield return type.FullName;
                else if (Bases.Contains(type.FullName) && !Generated(h)) yield return type.FullName;
            }
            else if (h.HandlerType == ExceptionHandlerType.Filter)
            {
                // catch (X e) when (…): the filter block tests the type (isinst X) before the condition.
                var tested = Between(h.FilterStart, h.HandlerStart)
                    .Where(i => i.OpCode.Code is Code.Isinst or Code.Castclass && i.Operand is TypeReference)
                    .Select(i => ((TypeReference)i.Operand).FullName)
                    .ToList();
                foreach (var t in tested.Where(t => Refusals.Contains(t) || Bases.Contains(t))) yield return $"{t} (in a when filter)";
            }
        }
    }

    /// <summary>
    /// The compiler's own catch of an async method or iterator: it hands the exception to the method's
    /// builder (<c>SetException</c>), rethrowing it to the caller — not a catch the page wrote.
    /// </summary>
    private static bool Generated(ExceptionHandler h) =>
        Between(h.HandlerStart, h.HandlerEnd).Any(i => i.OpCode.Code is Code.Call or Code.Callvirt && i.Operand is MethodReference { Name: "SetException" });

    private static IEnumerable<Instruction> Between(Instruction? from, Instruction? to)
    {
        for (var i = from; i is not null && i != to; i = i.Next) yield return i;
    }

    [Fact]
    public void Scanner_SeesRefusalsCaughtByHand()
    {
        // Guards the scan against the compiled shapes it must see: a typed catch in an async method
        // (its state machine), a catch-all, and a type test in a when filter; and not a JsonException.
        var found = HandCaughtRefusals("Ibis.Architecture.Tests", t => t.FullName == typeof(Samples.HandCaught).FullName).ToList();
        Assert.Contains(found, f => f.Contains(nameof(Samples.HandCaught.Typed), StringComparison.Ordinal) && f.Contains("ApiException", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains(nameof(Samples.HandCaught.Everything), StringComparison.Ordinal) && f.Contains("System.Exception", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains(nameof(Samples.HandCaught.Filtered), StringComparison.Ordinal) && f.Contains("BusinessRuleViolationException (in a when filter)", StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.Contains(nameof(Samples.HandCaught.NotARefusal), StringComparison.Ordinal));
        // And in the real assembly: the address book keeps a printed piece's address only when it can.
        Assert.Contains(HandCaughtRefusals(Compiled.Server, t => t.FullName == "Ibis.Server.Indicia.KeepPrintedAddress"), f => f.Contains("catches Ibis.Server.Api.ApiException", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanner_FindsThePageModels()
    {
        var pages = Compiled.AllTypes(Compiled.Server).Where(IsPageModel).Select(t => t.FullName).ToList();
        Assert.Contains("Ibis.Server.Pages.Portal.PrintModel", pages);
        Assert.Contains("Ibis.Server.Pages.Portal.Accounts.AccountModel", pages);
        Assert.True(pages.Count > 30, $"only {pages.Count} page models found");
    }

    [Fact]
    public void Pages_LeaveRefusalsToTheRefusalFilter() =>
        Assert.Empty(HandCaughtRefusals(Compiled.Server, IsPageModel));
}
