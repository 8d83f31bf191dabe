using Ibis.Architecture.Tests.Support;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ibis.Architecture.Tests;

/// <summary>
/// Issue 18: portal pages have "one page filter for idempotent forms". A form that moves money or
/// creates something must act at most once however often it is posted (a double click, a reload of
/// the POST, the back button): its handler is marked <c>[IdempotentForm(nameof(Key))]</c> and
/// <c>Pages/IdempotentFormFilter</c> claims the form's key, keeps the first answer and replays it. This
/// reads Ibis.Server's page models (lambdas and async state machines count for the page they sit in):
/// no page makes an idempotency key by hand (or has another method make it) or reaches the key stores (a use case that keeps a key
/// beside its effect gets the filter's, <c>IdempotentFormFilter.RequestOf</c>); every
/// <c>[IdempotentForm]</c> names a bound property of its page (a misspelt field would post no key, and
/// the form would act on every post); and every POST handler is an idempotent form, or is listed below
/// with the reason it needs no key, or is a known gap (a list that only shrinks).
/// </summary>
public sealed class PageFormTests
{
    private const string PageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";
    private const string IdempotentForm = "Ibis.Server.Pages.IdempotentFormAttribute";
    private const string BindProperty = "Microsoft.AspNetCore.Mvc.BindPropertyAttribute";
    private const string IdempotentRequest = "Ibis.Server.Api.IdempotentRequest";

    /// <summary>The filter itself claims and hands out the keys.</summary>
    private const string Filter = "Ibis.Server.Pages.IdempotentFormFilter";

    /// <summary>Types a page may not use: they keep idempotency keys, which is the filter's or the use case's work.</summary>
    private static readonly HashSet<string> KeyStores = ["Ibis.Server.UseCases.IdempotencyClaims", "Ibis.Server.UseCases.IdempotencyStore"];

    /// <summary>POST handlers that act on nothing a repeat could do twice, each with the reason.</summary>
    private static readonly Dictionary<string, string> NeedNoKey = new()
    {
        ["Ibis.Server.Pages.LoginModel.OnPostAsync"] = "signs in; a repeat signs in again",
        ["Ibis.Server.Pages.LogoutModel.OnPostAsync"] = "signs out",
        ["Ibis.Server.Pages.StatusModel.OnPost"] = "shows a status page",
        ["Ibis.Server.Pages.CheckModel.OnPostAsync"] = "verifies a stamp: reads only",
        ["Ibis.Server.Pages.InvitationModel.OnPostAsync"] = "the invitation's one-time code is spent by the first post; a repeat is refused",
        ["Ibis.Server.Pages.Portal.Customers.IndexModel.OnPostAsync"] = "a search",
        ["Ibis.Server.Pages.Portal.PrintModel.OnPostPriceAsync"] = "prices the piece; nothing is spent",
        ["Ibis.Server.Pages.Portal.BatchModel.OnPostPreviewAsync"] = "prices the file's rows; nothing is spent",
        ["Ibis.Server.Pages.Portal.AddressBookModel.OnPostDefaultReturnAsync"] = "sets a value; a repeat sets the same",
        ["Ibis.Server.Pages.Portal.AddressBookModel.OnPostDeleteAsync"] = "deletes; a repeat finds nothing to delete",
        ["Ibis.Server.Pages.Portal.Accounts.DetailModel.OnPostLimitAsync"] = "sets the advance limit; a repeat sets the same value, moving no money",
        ["Ibis.Server.Pages.Portal.UsersModel.OnPostChangeAsync"] = "sets a user's role; a repeat sets the same",
        ["Ibis.Server.Pages.Portal.UsersModel.OnPostRemoveAsync"] = "removes a user; a repeat finds nothing to remove",
        ["Ibis.Server.Pages.Portal.ApiKeysModel.OnPostRevokeAsync"] = "revokes a key; a repeat finds it revoked",
        ["Ibis.Server.Pages.Portal.Transmissions.IndexModel.OnPostReconcileAsync"] = "redirects to the reconciliation, which the page computes afresh; records nothing",
    };

    /// <summary>
    /// POST handlers that act or create without a form key: none left (the last two, the accounting of
    /// disclosures and the sanction steps, became idempotent forms). A new handler is given
    /// <c>[IdempotentForm]</c> with post/redirect/get, or is listed in <see cref="NeedNoKey"/> with the reason. Only shrinks.
    /// </summary>
    private static readonly string[] KnownGaps = [];

    /// <summary>A page model: derives from PageModel (the base types are followed while they are in the same assembly).</summary>
    private static bool IsPageModel(TypeDefinition type)
    {
        for (var b = type.BaseType; b is not null; b = b.Scope == type.Module ? b.Resolve()?.BaseType : null)
            if (b.FullName == PageModel) return true;
        return false;
    }

    private static IEnumerable<TypeDefinition> PageModels() => Compiled.AllTypes(Compiled.Server).Where(IsPageModel);

    /// <summary>Razor Pages' POST handlers: public instance methods named OnPost….</summary>
    private static IEnumerable<MethodDefinition> PostHandlers(TypeDefinition page) =>
        page.Methods.Where(m => m.IsPublic && !m.IsStatic && m.Name.StartsWith("OnPost", StringComparison.Ordinal));

    private static CustomAttribute? Marked(MethodDefinition handler) =>
        handler.CustomAttributes.FirstOrDefault(a => a.AttributeType.FullName == IdempotentForm);

    /// <summary>"Type (Nested.Method) what" for every hand-made key or use of a key store in the types <paramref name="chosen"/> picks (nested types count for their outermost type).</summary>
    private static IEnumerable<string> HandMadeKeys(string assembly, Func<TypeDefinition, bool> chosen)
    {
        var types = Compiled.AllTypes(assembly).Where(t => chosen(Compiled.Outermost(t).Resolve())).ToList();
        foreach (var (owner, method, ins) in TypeUses.Instructions(types))
        {
            if (ins.Operand is not MethodReference callee) continue;
            var where = $"{Compiled.Outermost(owner).FullName} ({owner.Name}.{method.Name})";
            var declaring = callee.DeclaringType.FullName;
            if (declaring == IdempotentRequest && ins.OpCode.Code == Code.Newobj) yield return $"{where} makes an IdempotentRequest";
            else if (declaring == IdempotentRequest && callee.Name == "<Clone>$") yield return $"{where} copies an IdempotentRequest";
            else if (KeyStores.Contains(declaring)) yield return $"{where} calls {callee.DeclaringType.Name}.{callee.Name}";
            else if (callee.ReturnType.FullName == IdempotentRequest && !(declaring == Filter && callee.Name == "RequestOf"))
                yield return $"{where} gets an IdempotentRequest from {callee.DeclaringType.Name}.{callee.Name}"; // a method elsewhere that makes one

        }
    }

    private static bool InPages(TypeDefinition t) =>
        t.Namespace.StartsWith("Ibis.Server.Pages", StringComparison.Ordinal) && t.FullName != Filter;

    [Fact]
    public void Scanner_SeesKeysMadeByHand()
    {
        // Guards the scan against the compiled shapes it must see: a key made (also inside a lambda), a key
        // copied with another value, a key from another method that makes it; and not "no key" or the form's key.
        var found = HandMadeKeys("Ibis.Architecture.Tests", t => t.FullName == typeof(Samples.HandMadeKeys).FullName).ToList();
        Assert.Contains(found, f => f.Contains(nameof(Samples.HandMadeKeys.Made), StringComparison.Ordinal) && f.EndsWith("makes an IdempotentRequest", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains(nameof(Samples.HandMadeKeys.Copied), StringComparison.Ordinal) && f.EndsWith("copies an IdempotentRequest", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("<InALambda>", StringComparison.Ordinal) && f.EndsWith("makes an IdempotentRequest", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains(nameof(Samples.HandMadeKeys.FromAnotherMethod), StringComparison.Ordinal) && f.EndsWith("gets an IdempotentRequest from HandMadeKeys.Made", StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.Contains(nameof(Samples.HandMadeKeys.NoKey), StringComparison.Ordinal));
        Assert.DoesNotContain(found, f => f.Contains(nameof(Samples.HandMadeKeys.TheFormsKey), StringComparison.Ordinal));
        // And in the real assembly: the filter itself hands out the claimed key.
        Assert.Contains(HandMadeKeys(Compiled.Server, t => t.FullName == Filter), f => f.Contains("copies an IdempotentRequest", StringComparison.Ordinal));
    }

    [Fact]
    public void Scanner_FindsThePostHandlersAndTheirMarks()
    {
        var handlers = PageModels().SelectMany(p => PostHandlers(p).Select(m => (Name: $"{p.FullName}.{m.Name}", Marked: Marked(m) is not null))).ToList();
        Assert.Contains(("Ibis.Server.Pages.Portal.BatchModel.OnPostAsync", true), handlers);
        Assert.Contains(("Ibis.Server.Pages.Portal.BatchModel.OnPostPreviewAsync", false), handlers);
        Assert.Contains(("Ibis.Server.Pages.Portal.Accounts.AccountModel.OnPostDepositAsync", true), handlers);
        Assert.True(handlers.Count > 50, $"only {handlers.Count} POST handlers found");
    }

    [Fact]
    public void Pages_MakeNoIdempotencyKeysByHand() =>
        Assert.Empty(HandMadeKeys(Compiled.Server, InPages));

    [Fact]
    public void IdempotentForms_NameABoundPropertyOfTheirPage()
    {
        var broken = new List<string>();
        foreach (var page in PageModels())
            foreach (var handler in PostHandlers(page))
            {
                if (Marked(handler) is not { } mark) continue;
                var field = (string)mark.ConstructorArguments[0].Value;
                var property = page.Properties.FirstOrDefault(p => p.Name == field);
                if (property is null || property.PropertyType.FullName != "System.String" || property.CustomAttributes.All(a => a.AttributeType.FullName != BindProperty))
                    broken.Add($"{page.FullName}.{handler.Name} names {field}, which is not a bound string property of the page");
            }
        Assert.Empty(broken);
    }

    [Fact]
    public void PostHandlers_AreIdempotentForms_OrListedWithTheReason()
    {
        var unmarked = PageModels().SelectMany(p => PostHandlers(p).Where(m => Marked(m) is null).Select(m => $"{p.FullName}.{m.Name}")).ToList();
        // A handler marked [IdempotentForm] does not belong on either list.
        var marked = PageModels().SelectMany(p => PostHandlers(p).Where(m => Marked(m) is not null).Select(m => $"{p.FullName}.{m.Name}")).ToHashSet();
        var misplaced = NeedNoKey.Keys.Where(k => marked.Contains(k) || !unmarked.Contains(k)).ToList();
        Assert.True(misplaced.Count == 0, "Listed as needing no key, but marked [IdempotentForm] or gone (delete these lines): " + string.Join(", ", misplaced));
        AllowList.AssertOnlyShrinks(unmarked.Where(h => !NeedNoKey.ContainsKey(h)), KnownGaps, "POST handlers that act without [IdempotentForm]");
    }
}
