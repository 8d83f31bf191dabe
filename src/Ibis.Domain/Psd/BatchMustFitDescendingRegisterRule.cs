using Ibis.Domain.Money;

namespace Ibis.Domain.Psd;

/// <summary>
/// P050 3.6 with the batch print: the descending register must hold the postage of every piece of a
/// batch, which is printed all or nothing. The refusal says what the batch needs against what DR holds
/// and which piece is the first that does not fit, so the mailer can print the pieces before it, or
/// reset first (P050 3.5).
/// </summary>
public sealed record BatchMustFitDescendingRegisterRule(Mills Descending, IReadOnlyList<Mills> Postage) : IBusinessRule
{
    public string Code => "insufficient_postage";

    /// <summary>The index of the first piece whose postage, added to the pieces before it, is more than DR holds; -1 when all fit.</summary>
    public int FirstThatDoesNotFit
    {
        get
        {
            var total = Mills.Zero;
            for (var i = 0; i < Postage.Count; i++)
            {
                total = total + Postage[i];
                if (total > Descending) return i;
            }
            return -1;
        }
    }

    public Mills Total => Postage.Aggregate(Mills.Zero, (sum, p) => sum + p);

    public string Message
    {
        get
        {
            var first = FirstThatDoesNotFit;
            var before = Postage.Take(Math.Max(first, 0)).Aggregate(Mills.Zero, (sum, p) => sum + p);
            return $"the batch needs {Total.ToDollarString()} of postage; the descending register holds {Descending.ToDollarString()} " +
                   $"({(Total - Descending).ToDollarString()} short). Piece {first} is the first that does not fit: the {first} before it use " +
                   $"{before.ToDollarString()} and leave {(Descending - before).ToDollarString()}, less than its {Postage[Math.Max(first, 0)].ToDollarString()}. " +
                   "Reset the device (add postage) or print fewer pieces; nothing was printed";
        }
    }

    public string? Field => $"pieces[{FirstThatDoesNotFit}].postage";

    public RuleKind Kind => RuleKind.PaymentRequired;

    public bool IsBroken() => FirstThatDoesNotFit >= 0;
}
